package dev.mil4j.ops.linear;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.Broadcast;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import java.util.List;

/**
 * {@code scaled_dot_product_attention(query, key, value, attn_mask?)} (iOS18): attention as in PyTorch's
 * {@code F.scaled_dot_product_attention} without dropout and causality,
 * {@code softmax(query @ key^T / sqrt(E) + mask) @ value}, softmax over the last dim.
 *
 * <p>Inputs: {@code query: tensor<[B*, L, E], T>}, {@code key: tensor<[B*, S, E], T>},
 * {@code value: tensor<[B*, S, EV], T>}, all of one rank, 3 or more, with the same batch dims {@code B*};
 * {@code attn_mask: tensor<[*, S], M>}, optional, broadcastable to {@code [B*, L, S]}: a bool mask keeps the scores
 * where it is true (the others become {@code -inf}), a float mask is added to the scores. T: fp16, fp32; M: bool,
 * fp16, fp32. Output: {@code tensor<[B*, L, EV], T>}. The scale is always {@code 1 / sqrt(E)}: another scale is
 * applied to {@code query} first.
 */
public final class ScaledDotProductAttentionOp extends OpDef {
    public ScaledDotProductAttentionOp() {
        super("scaled_dot_product_attention", Opset.IOS18, InputSpec.builder()
                .tensor("query", "T")
                .tensor("key", "T")
                .tensor("value", "T")
                .tensor("attn_mask", "M").optional()
                .domain("T", DType.FP16, DType.FP32)
                .domain("M", DType.BOOL, DType.FP16, DType.FP32)
                .build());
    }

    @Override
    public String summary() {
        return "softmax(query @ key^T / sqrt(E) + mask) @ value over the last two dims";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType q = ctx.tensor("query");
        TensorType k = ctx.tensor("key");
        TensorType v = ctx.tensor("value");
        if (q.rank() < 3) {
            throw new TypeException("query", "has rank " + q.rank() + "; it needs 3 or more (batch, sequence, "
                    + "embedding): add a leading batch dim with expand_dims");
        }
        if (k.rank() != q.rank() || v.rank() != q.rank()) {
            throw new TypeException("query, key and value must have one rank, got " + q.rank() + ", " + k.rank()
                    + " and " + v.rank());
        }
        int r = q.rank();
        for (int i = 0; i < r - 2; i++) {
            same("key", "batch", q.shape().dim(i), k.shape().dim(i), "query");
            same("value", "batch", q.shape().dim(i), v.shape().dim(i), "query");
        }
        same("key", "embedding", q.shape().dim(r - 1), k.shape().dim(r - 1), "query");
        same("value", "sequence", k.shape().dim(r - 2), v.shape().dim(r - 2), "key");
        ctx.optionalTensor("attn_mask").ifPresent(m -> {
            if (m.rank() == 0) {
                throw new TypeException("attn_mask", "is a scalar; it needs its last dim to be the key's sequence");
            }
            same("attn_mask", "sequence", k.shape().dim(r - 2), m.shape().dim(m.rank() - 1), "key");
            try {
                Broadcast.shapes(q.shape().slice(0, r - 1), m.shape().slice(0, m.rank() - 1));
            } catch (TypeException e) {
                throw new TypeException("attn_mask", "has shape " + m.shape() + ", which does not broadcast to the "
                        + "scores [B*, L, S] of query " + q.shape() + " and key " + k.shape());
            }
        });
        Dim[] out = new Dim[r];
        for (int i = 0; i < r - 1; i++) {
            out[i] = q.shape().dim(i);
        }
        out[r - 1] = v.shape().dim(r - 1);
        return List.of(new TensorType(q.dtype(), Shape.of(out)));
    }

    private static void same(String input, String what, Dim expected, Dim actual, String other) {
        if (expected.isKnown() && actual.isKnown() && expected.size() != actual.size()) {
            throw new TypeException(input, "has " + what + " dim " + actual + ", but " + other + " has " + expected);
        }
    }
}
