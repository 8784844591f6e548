package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.of;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ActivationOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import java.util.List;
import java.util.Optional;

/**
 * Attention as its definition. {@code scaled_dot_product_attention(q, k, v, attn_mask=None, dropout_p=0,
 * is_causal=False, scale=None)} (PyTorch 2.0 on): {@code softmax(q k^T * scale + mask) v}, with
 * {@code scale = 1 / sqrt(q.size(-1))} by default, a causal mask keeping {@code j <= i}, a bool mask keeping its true
 * positions (others get -inf) and a float mask added. The eval fast paths of {@code nn.MultiheadAttention}
 * ({@code _native_multi_head_attention}) and {@code nn.TransformerEncoderLayer}
 * ({@code _transformer_encoder_layer_fwd}) are composed from linear, matmul, softmax and layer_norm ops (see
 * {@link MultiHeadAttention}). From iOS18 on, {@code scaled_dot_product_attention} becomes Core ML's op of that
 * name where it can express the call ({@link FusedAttention}).
 */
final class AttentionTranslations {
    private AttentionTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                of("aten::_native_multi_head_attention", MultiHeadAttention::nativeMultiHeadAttention),
                of("aten::_transformer_encoder_layer_fwd", MultiHeadAttention::encoderLayer),
                of("aten::scaled_dot_product_attention", AttentionTranslations::sdpa));
    }

    private static List<Var> sdpa(TorchNode n, TorchTranslationContext c) {
        Var q = c.tensor(0, "query");
        Var k = c.tensor(1, "key");
        Var v = c.tensor(2, "value");
        if (c.doubleValue(4, "dropout_p", 0) != 0) {
            throw c.error("scaled_dot_product_attention with dropout_p " + c.doubleValue(4, "dropout_p", 0)
                    + " drops at random even in eval mode; convert a model that passes dropout_p=0");
        }
        if (c.boolValue(7, "enable_gqa", false)) {
            throw c.error("scaled_dot_product_attention with enable_gqa is not supported");
        }
        boolean causal = c.boolValue(5, "is_causal", false);
        Optional<Var> mask = c.optionalTensor(3, "attn_mask");
        if (causal && mask.isPresent()) {
            throw c.error("scaled_dot_product_attention takes an attn_mask or is_causal, not both");
        }
        DType dt = q.tensorType().dtype();
        Shape qs = q.tensorType().shape();
        double scale;
        if (c.isPresent(6, "scale")) {
            scale = c.doubleValue(6, "scale");
        } else {
            Dim e = qs.dim(qs.rank() - 1);
            if (!e.isKnown()) {
                throw c.error("scaled_dot_product_attention without a scale needs a known embedding size, got " + qs);
            }
            scale = 1 / Math.sqrt(e.size());
        }
        Optional<Var> fused = FusedAttention.tryOp(c, q, k, v, scale, causal ? Optional.of(causalMask(c,
                qs.dim(qs.rank() - 2), k.tensorType().shape().dim(k.tensorType().rank() - 2), dt)) : mask);
        if (fused.isPresent()) {
            return List.of(fused.get());
        }
        Var a = NnOps.matmul(c.builder(), q, k, false, true);
        a = MathOps.mul(c.builder(), a, c.scalar(scale, dt));
        if (causal) {
            a = MathOps.add(c.builder(), a, causalMask(c, qs.dim(qs.rank() - 2),
                    k.tensorType().shape().dim(k.tensorType().rank() - 2), dt));
        } else if (mask.isPresent()) {
            Var m = mask.get();
            a = m.tensorType().dtype() == DType.BOOL
                    ? TensorOps.select(c.builder(), m, a, c.scalar(Double.NEGATIVE_INFINITY, dt))
                    : MathOps.add(c.builder(), a, c.cast(m, dt));
        }
        Var weights = ActivationOps.softmax(c.builder(), a, -1);
        return List.of(NnOps.matmul(c.builder(), weights, v, false, false));
    }

    /** {@code [L, S]}: 0 where key {@code j <= i}, -inf after. */
    private static Var causalMask(TorchTranslationContext c, Dim l, Dim s, DType dt) {
        if (!l.isKnown() || !s.isKnown()) {
            throw c.error("scaled_dot_product_attention with is_causal needs known sequence lengths, got " + l
                    + " and " + s);
        }
        int rows = (int) l.size();
        int cols = (int) s.size();
        double[] m = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = i + 1; j < cols; j++) {
                m[i * cols + j] = Double.NEGATIVE_INFINITY;
            }
        }
        return c.builder().constant(TensorValue.fromDoubles(dt, Shape.of(rows, cols), m));
    }
}
