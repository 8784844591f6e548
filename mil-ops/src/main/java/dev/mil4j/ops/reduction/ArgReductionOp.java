package dev.mil4j.ops.reduction;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.internal.TensorIndex;
import java.util.List;
import java.util.Optional;

/**
 * Base of {@code reduce_argmax} and {@code reduce_argmin}: the index of the extreme element along one axis.
 *
 * <p>Inputs: {@code x}, a tensor of rank 1 or more in {@code T} = fp16, fp32, int32; {@code axis}, an optional const
 * int32 scalar (default -1); {@code keep_dims}, an optional const bool (default false); from iOS17
 * {@code output_dtype}, an optional const string, {@code int32} (default) or {@code uint16}. Output: indices of
 * dtype int32 (or {@code output_dtype}) with the axis removed, or kept with size 1. Ties and NaN resolve to the first
 * index, like numpy.
 */
public abstract class ArgReductionOp extends OpDef {
    /** The valid values of {@code output_dtype} (iOS17). */
    public static final List<String> OUTPUT_DTYPES = List.of("int32", "uint16");

    protected ArgReductionOp(String name, Opset since) {
        super(name, since, spec(since));
    }

    /** True when {@code candidate} should replace the current extreme {@code best}. */
    protected abstract boolean better(double candidate, double best);

    @Override
    public final List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        return List.of(new TensorType(outputDtype(ctx), outputShape(ctx, x.shape())));
    }

    @Override
    public final Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> xv = ctx.value("x");
        if (xv.isEmpty()) {
            return Optional.empty();
        }
        TensorValue x = xv.get();
        boolean[] reduced = new boolean[x.shape().rank()];
        reduced[axis(ctx, reduced.length)] = true;
        int[][] lanes = TensorIndex.groups(x.shape(), reduced);
        long[] r = new long[lanes.length];
        for (int g = 0; g < lanes.length; g++) {
            int[] lane = lanes[g];
            double best = x.getDouble(lane[0]);
            for (int i = 1; i < lane.length && !Double.isNaN(best); i++) {
                double v = x.getDouble(lane[i]);
                if (Double.isNaN(v) || better(v, best)) {
                    best = v;
                    r[g] = i;
                }
            }
        }
        return Optional.of(List.of(TensorValue.fromLongs(outputDtype(ctx), outputShape(ctx, x.shape()), r)));
    }

    private Shape outputShape(InferenceContext ctx, Shape x) {
        if (x.rank() == 0) {
            throw new TypeException("x", "must have rank 1 or more, got a scalar");
        }
        boolean[] reduced = new boolean[x.rank()];
        reduced[axis(ctx, x.rank())] = true;
        return ReductionOp.reducedShape(x, reduced, ctx.constBoolean("keep_dims"));
    }

    private DType outputDtype(InferenceContext ctx) {
        if (since() == Opset.IOS15) {
            return DType.INT32;
        }
        String name = ctx.constValue("output_dtype").scalarString();
        if (!OUTPUT_DTYPES.contains(name)) {
            throw new TypeException("output_dtype", "is \"" + name + "\", but must be one of "
                    + String.join(", ", OUTPUT_DTYPES));
        }
        return DType.fromMilName(name).orElseThrow();
    }

    private static int axis(InferenceContext ctx, int rank) {
        long axis = ctx.constLong("axis");
        if (axis < -rank || axis >= rank) {
            throw new TypeException("axis", "is " + axis + ", out of range for rank " + rank + " of `x`");
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    private static InputSpec spec(Opset since) {
        InputSpec.Builder b = InputSpec.builder()
                .tensor("x", "T")
                .scalar("axis", DType.INT32).constant().defaultValue(TensorValue.scalar(-1))
                .scalar("keep_dims", DType.BOOL).constant().defaultValue(TensorValue.scalar(false));
        if (since == Opset.IOS17) {
            b.scalar("output_dtype", DType.STRING).constant().defaultValue(TensorValue.scalar("int32"));
        }
        return b.domain("T", DType.FP16, DType.FP32, DType.INT32).build();
    }
}
