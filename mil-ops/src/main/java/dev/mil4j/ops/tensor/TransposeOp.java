package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code transpose(x, perm)}: permutes the dims of {@code x}; output dim {@code i} is input dim {@code perm[i]}.
 *
 * <p>Inputs: {@code x} (iOS15: fp16, fp32, int32, bool; iOS17 adds int8, int16, uint8, uint16); {@code perm}, a const
 * int32 vector of length {@code rank(x)} holding each axis once (negative axes count from the end). Output: {@code x}'s
 * dtype, permuted shape (symbols kept). Folds when {@code x} is const.
 */
public final class TransposeOp extends OpDef {
    /** The iOS15 definition. */
    public static TransposeOp ios15() {
        return new TransposeOp(Opset.IOS15);
    }

    /** The iOS17 definition: adds the 8- and 16-bit integer dtypes. */
    public static TransposeOp ios17() {
        return new TransposeOp(Opset.IOS17);
    }

    private TransposeOp(Opset since) {
        super("transpose", since, InputSpec.builder()
                .tensor("x", "T")
                .tensor("perm", DType.INT32).constant()
                .domain("T", Domains.data(since))
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        int[] perm = perm(ctx, x.rank());
        Dim[] out = new Dim[perm.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = x.shape().dim(perm[i]);
        }
        return List.of(x.withShape(Shape.of(out)));
    }

    private static int[] perm(InferenceContext ctx, int rank) {
        long[] p = Args.constInts(ctx, "perm");
        if (p.length != rank) {
            throw new TypeException("perm", "has " + p.length + " entries, but x has rank " + rank);
        }
        return Args.axes("perm", p, rank);
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        return Values.foldableInput(ctx, "x").map(x -> fold(ctx, x));
    }

    private List<TensorValue> fold(InferenceContext ctx, TensorValue x) {
        long[] in = x.shape().toLongArray();
        int[] perm = perm(ctx, in.length);
        long[] out = new long[in.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = in[perm[i]];
        }
        long[] src = Values.sources(in, out, (o, i) -> {
            for (int k = 0; k < perm.length; k++) {
                i[perm[k]] = o[k];
            }
            return true;
        });
        return List.of(Values.take(x, Shape.of(out), src));
    }

    @Override
    public String summary() {
        return "permutes the dims";
    }
}
