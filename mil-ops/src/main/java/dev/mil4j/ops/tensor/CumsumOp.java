package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code cumsum(x, axis=0, exclusive=false, reverse=false)}: running sums along {@code axis}; {@code exclusive} leaves
 * each element out of its own sum (the first is 0), {@code reverse} sums from the end.
 *
 * <p>Inputs: {@code x} (fp16, fp32, int32); {@code axis}, const int32; {@code exclusive}, {@code reverse}: const
 * bools. Output: {@code x}'s type. Folds when {@code x} is const.
 */
public final class CumsumOp extends OpDef {
    public CumsumOp() {
        super("cumsum", Opset.IOS15, InputSpec.builder()
                .tensor("x", "T")
                .scalar("axis", DType.INT32).constant().defaultValue(TensorValue.scalar(0))
                .scalar("exclusive", DType.BOOL).constant().defaultValue(TensorValue.scalar(false))
                .scalar("reverse", DType.BOOL).constant().defaultValue(TensorValue.scalar(false))
                .domain("T", Domains.IOS15_NUMERIC)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        Args.axis("axis", ctx.constLong("axis"), x.rank());
        return List.of(x);
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        return Values.foldableInput(ctx, "x").map(x -> fold(ctx, x));
    }

    private List<TensorValue> fold(InferenceContext ctx, TensorValue x) {
        long[] shape = x.shape().toLongArray();
        int axis = Args.axis("axis", ctx.constLong("axis"), shape.length);
        boolean exclusive = ctx.constBoolean("exclusive");
        boolean reverse = ctx.constBoolean("reverse");
        long n = shape[axis];
        long inner = Values.product(shape, axis + 1, shape.length);
        long outer = Values.product(shape, 0, axis);
        double[] in = x.toDoubleArray();
        double[] out = new double[in.length];
        for (long o = 0; o < outer; o++) {
            for (long e = 0; e < inner; e++) {
                double sum = 0;
                for (long j = 0; j < n; j++) {
                    long p = reverse ? n - 1 - j : j;
                    int at = Math.toIntExact((o * n + p) * inner + e);
                    if (exclusive) {
                        out[at] = sum;
                        sum += in[at];
                    } else {
                        sum += in[at];
                        out[at] = sum;
                    }
                }
            }
        }
        return List.of(Values.numbers(x.dtype(), x.shape(), out));
    }

    @Override
    public String summary() {
        return "running sum along one axis";
    }
}
