package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import java.util.List;
import java.util.Locale;

/**
 * Kernels of the ops that write values at indices: {@code scatter} (slices of {@code updates} into {@code data}
 * along {@code axis}), {@code scatter_along_axis} (element by element, the inverse of {@code gather_along_axis}) and
 * {@code one_hot} ({@code on_value} at each index, {@code off_value} elsewhere). Scatters combine by {@code mode},
 * in index order, computed in double and rounded to the output dtype; negative indices count from the end.
 */
final class ScatterKernels {
    private ScatterKernels() {
    }

    static void register(KernelRegistry r) {
        r.register("one_hot", ScatterKernels::oneHot, KernelRegistry.BUILT_IN);
        r.register("scatter", ScatterKernels::scatter, KernelRegistry.BUILT_IN);
        r.register("scatter_along_axis", ScatterKernels::scatterAlongAxis, KernelRegistry.BUILT_IN);
    }

    /** {@code data.shape[:axis] + indices.shape + data.shape[axis+1:]} updates, one slice per index. */
    private static List<TensorValue> scatter(KernelContext ctx) {
        TensorValue data = ctx.input("data");
        long[] ds = Tensors.shape(data);
        int axis = Tensors.axis("axis", ctx.constLong("axis"), ds.length);
        long[] idx = ctx.input("indices").toLongArray();
        double[] updates = ctx.input("updates").toDoubleArray();
        double[] out = data.toDoubleArray();
        Combine mode = Combine.of(ctx.constValue("mode").scalarString());
        int outer = product(ds, 0, axis);
        int inner = product(ds, axis + 1, ds.length);
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < idx.length; k++) {
                long j = index(idx[k], ds[axis], axis);
                for (int i = 0; i < inner; i++) {
                    int p = (int) ((o * ds[axis] + j) * inner + i);
                    out[p] = mode.apply(out[p], updates[(o * idx.length + k) * inner + i]);
                }
            }
        }
        return List.of(TensorValue.fromDoubles(ctx.outputDtype(0), data.shape(), out));
    }

    /** {@code data[..., indices[..., k, ...], ...] (mode)= updates[..., k, ...]}, updates of indices' shape. */
    private static List<TensorValue> scatterAlongAxis(KernelContext ctx) {
        TensorValue data = ctx.input("data");
        TensorValue indices = ctx.input("indices");
        long[] ds = Tensors.shape(data);
        long[] is = Tensors.shape(indices);
        int axis = Tensors.axis("axis", ctx.constLong("axis"), ds.length);
        long[] idx = indices.toLongArray();
        double[] updates = ctx.input("updates").toDoubleArray();
        double[] out = data.toDoubleArray();
        Combine mode = Combine.of(ctx.constValue("mode").scalarString());
        int outer = product(is, 0, axis);
        int inner = product(is, axis + 1, is.length);
        int mid = (int) is[axis];
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < mid; k++) {
                for (int i = 0; i < inner; i++) {
                    int q = (o * mid + k) * inner + i;
                    long j = index(idx[q], ds[axis], axis);
                    int p = (int) ((o * ds[axis] + j) * inner + i);
                    out[p] = mode.apply(out[p], updates[q]);
                }
            }
        }
        return List.of(TensorValue.fromDoubles(ctx.outputDtype(0), data.shape(), out));
    }

    /** The depth inserted at {@code axis}; an index outside {@code [0, depth)} gives an all-off vector. */
    private static List<TensorValue> oneHot(KernelContext ctx) {
        TensorValue indices = ctx.input("indices");
        long[] is = Tensors.shape(indices);
        long depth = ctx.input("one_hot_vector_size").scalarLong();
        int axis = Tensors.axis("axis", ctx.constLong("axis"), is.length + 1);
        double on = ctx.optionalInput("on_value").map(TensorValue::scalarDouble).orElse(1.0);
        double off = ctx.optionalInput("off_value").map(TensorValue::scalarDouble).orElse(0.0);
        long[] os = ((TensorType) ctx.op().inferTypes(ctx).get(0)).shape().toLongArray();
        long[] idx = indices.toLongArray();
        int outer = product(is, 0, axis);
        int inner = product(is, axis, is.length);
        double[] out = new double[Math.toIntExact(outer * depth * inner)];
        for (int o = 0; o < outer; o++) {
            for (int d = 0; d < depth; d++) {
                for (int i = 0; i < inner; i++) {
                    out[(int) ((o * depth + d) * inner + i)] = idx[o * inner + i] == d ? on : off;
                }
            }
        }
        return List.of(TensorValue.fromDoubles(ctx.outputDtype(0), Shape.of(os), out));
    }

    /** A possibly negative index into a dim of size {@code dim}; an error naming {@code indices} when out of range. */
    private static long index(long i, long dim, int axis) {
        long j = i < 0 ? i + dim : i;
        if (j < 0 || j >= dim) {
            throw new IllegalArgumentException("input `indices` holds " + i + ", out of range for dim " + axis
                    + " of size " + dim);
        }
        return j;
    }

    private static int product(long[] shape, int from, int to) {
        int n = 1;
        for (int d = from; d < to; d++) {
            n = Math.multiplyExact(n, (int) shape[d]);
        }
        return n;
    }

    /** How a scatter combines the current value with an update. */
    private enum Combine {
        UPDATE, ADD, SUB, MUL, DIV, MAX, MIN;

        static Combine of(String mode) {
            return valueOf(mode.toUpperCase(Locale.ROOT));
        }

        double apply(double current, double update) {
            return switch (this) {
                case UPDATE -> update;
                case ADD -> current + update;
                case SUB -> current - update;
                case MUL -> current * update;
                case DIV -> current / update;
                case MAX -> Math.max(current, update);
                case MIN -> Math.min(current, update);
            };
        }
    }
}
