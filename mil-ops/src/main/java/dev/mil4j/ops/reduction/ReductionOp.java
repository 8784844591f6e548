package dev.mil4j.ops.reduction;

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
import dev.mil4j.ops.internal.TensorIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Base of the reductions over a set of axes ({@code reduce_sum}, {@code reduce_mean}, ...).
 *
 * <p>Inputs: {@code x}, a tensor in {@code T} = fp16, fp32, int32; {@code axes}, an optional const int32 vector of
 * distinct axes (negative counts from the end; absent: all axes); {@code keep_dims}, an optional const bool (default
 * false). Output: a tensor of dtype {@code T} whose reduced dims are removed, or kept with size 1 when
 * {@code keep_dims} is true (reducing every axis without keeping dims gives a scalar). Value inference runs when
 * {@code x} is const; it computes in double precision and converts to {@code T} (integers truncated toward zero).
 */
public abstract class ReductionOp extends OpDef {
    protected ReductionOp(String name) {
        super(name, Opset.IOS15, InputSpec.builder()
                .tensor("x", "T")
                .tensor("axes", DType.INT32).constant().optional()
                .scalar("keep_dims", DType.BOOL).constant().defaultValue(TensorValue.scalar(false))
                .domain("T", DType.FP16, DType.FP32, DType.INT32)
                .build());
    }

    /** Combines the (non-empty) values of one reduced group. */
    protected abstract double reduce(double[] values);

    @Override
    public final List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        boolean[] reduced = reducedAxes(ctx, x.rank());
        return List.of(x.withShape(reducedShape(x.shape(), reduced, ctx.constBoolean("keep_dims"))));
    }

    @Override
    public final Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> xv = ctx.value("x");
        if (xv.isEmpty()) {
            return Optional.empty();
        }
        TensorValue x = xv.get();
        boolean[] reduced = reducedAxes(ctx, x.shape().rank());
        Shape out = reducedShape(x.shape(), reduced, ctx.constBoolean("keep_dims"));
        int[][] groups = TensorIndex.groups(x.shape(), reduced);
        double[] r = new double[groups.length];
        for (int g = 0; g < groups.length; g++) {
            double[] values = new double[groups[g].length];
            for (int i = 0; i < values.length; i++) {
                values[i] = x.getDouble(groups[g][i]);
            }
            r[g] = reduce(values);
        }
        return Optional.of(List.of(TensorValue.fromDoubles(x.dtype(), out, r)));
    }

    /** Which axes of a rank-{@code rank} {@code x} the op reduces. */
    private static boolean[] reducedAxes(InferenceContext ctx, int rank) {
        boolean[] reduced = new boolean[rank];
        Optional<TensorValue> axes = ctx.value("axes");
        if (axes.isEmpty()) {
            Arrays.fill(reduced, true);
            return reduced;
        }
        TensorValue a = axes.get();
        if (a.shape().rank() > 1) {
            throw new TypeException("axes", "must be a vector, got " + a.type());
        }
        for (long i = 0; i < a.elementCount(); i++) {
            long axis = a.getLong(i);
            if (axis < -rank || axis >= rank) {
                throw new TypeException("axes", "holds axis " + axis + ", out of range for rank " + rank + " of `x`");
            }
            int n = (int) (axis < 0 ? axis + rank : axis);
            if (reduced[n]) {
                throw new TypeException("axes", "holds axis " + n + " twice");
            }
            reduced[n] = true;
        }
        return reduced;
    }

    static Shape reducedShape(Shape in, boolean[] reduced, boolean keepDims) {
        List<Dim> dims = new ArrayList<>(in.rank());
        for (int d = 0; d < in.rank(); d++) {
            if (!reduced[d]) {
                dims.add(in.dim(d));
            } else if (keepDims) {
                dims.add(Dim.of(1));
            }
        }
        return Shape.of(dims);
    }
}
