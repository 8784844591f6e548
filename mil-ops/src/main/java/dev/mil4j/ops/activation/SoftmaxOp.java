package dev.mil4j.ops.activation;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.internal.TensorIndex;
import java.util.List;
import java.util.Optional;

/**
 * {@code softmax}: {@code exp(x) / sum(exp(x))} along {@code axis} (computed stably, after subtracting the maximum).
 *
 * <p>Inputs: {@code x}, a tensor in {@code T} = fp16, fp32; {@code axis}, an optional const int32 scalar (default
 * -1; negative counts from the end). Output: a tensor of the shape and dtype of {@code x}.
 */
public final class SoftmaxOp extends OpDef {
    public SoftmaxOp() {
        super("softmax", Opset.IOS15, InputSpec.builder()
                .tensor("x", "T")
                .scalar("axis", DType.INT32).constant().defaultValue(TensorValue.scalar(-1))
                .domain("T", DType.FP16, DType.FP32)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        axis(ctx, x.rank());
        return List.of(x);
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> xv = ctx.value("x");
        if (xv.isEmpty()) {
            return Optional.empty();
        }
        TensorValue x = xv.get();
        boolean[] reduced = new boolean[x.shape().rank()];
        reduced[axis(ctx, reduced.length)] = true;
        double[] out = new double[Math.toIntExact(x.elementCount())];
        for (int[] lane : TensorIndex.groups(x.shape(), reduced)) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i : lane) {
                max = Math.max(max, x.getDouble(i));
            }
            double sum = 0;
            for (int i : lane) {
                out[i] = Math.exp(x.getDouble(i) - max);
                sum += out[i];
            }
            for (int i : lane) {
                out[i] /= sum;
            }
        }
        return Optional.of(List.of(TensorValue.fromDoubles(x.dtype(), x.shape(), out)));
    }

    private static int axis(InferenceContext ctx, int rank) {
        long axis = ctx.constLong("axis");
        if (axis < -rank || axis >= rank) {
            throw new TypeException("axis", "is " + axis + ", out of range for rank " + rank + " of `x`");
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    @Override
    public String summary() {
        return "normalized exponentials along one axis";
    }
}
