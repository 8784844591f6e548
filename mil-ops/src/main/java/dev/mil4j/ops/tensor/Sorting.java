package dev.mil4j.ops.tensor;

import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.internal.TensorIndex;
import java.util.Arrays;
import java.util.Comparator;

/** Stable sorting along an axis for the value inference of {@code topk} and {@code argsort}. */
final class Sorting {
    private Sorting() {
    }

    /**
     * For each line along {@code axis}, the first {@code k} positions of the stable order (ascending, or descending
     * with ties in original order as numpy's {@code argsort(-x)}): an int32 tensor of {@code x}'s shape with
     * {@code axis} cut to {@code k}.
     */
    static TensorValue order(TensorValue x, int axis, long k, boolean ascending) {
        long[] shape = x.shape().toLongArray();
        long n = shape[axis];
        long inner = Values.product(shape, axis + 1, shape.length);
        long outer = Values.product(shape, 0, axis);
        long[] outShape = shape.clone();
        outShape[axis] = k;
        int[] result = new int[Math.toIntExact(outer * k * inner)];
        Integer[] pos = new Integer[Math.toIntExact(n)];
        double[] line = new double[pos.length];
        for (long o = 0; o < outer; o++) {
            for (long e = 0; e < inner; e++) {
                for (int p = 0; p < pos.length; p++) {
                    pos[p] = p;
                    line[p] = x.getDouble((o * n + p) * inner + e);
                }
                Comparator<Integer> cmp = (a, b) -> Double.compare(line[a], line[b]);
                Arrays.sort(pos, ascending ? cmp : (a, b) -> Double.compare(line[b], line[a]));
                for (int j = 0; j < k; j++) {
                    result[Math.toIntExact((o * k + j) * inner + e)] = pos[j];
                }
            }
        }
        return TensorValue.ofInts(Shape.of(outShape), result);
    }

    /** The values of {@code x} at the positions {@code order} gives along {@code axis}. */
    static TensorValue pick(TensorValue x, int axis, TensorValue order) {
        long[] shape = x.shape().toLongArray();
        long[] os = order.shape().toLongArray();
        long[] strides = TensorIndex.strides(shape);
        long[] idx = new long[os.length];
        long[] src = new long[Math.toIntExact(order.elementCount())];
        for (int i = 0; i < src.length; i++) {
            Values.unravel(i, os, idx);
            long s = 0;
            for (int d = 0; d < os.length; d++) {
                s += (d == axis ? order.getLong(i) : idx[d]) * strides[d];
            }
            src[i] = s;
        }
        return Values.take(x, order.shape(), src);
    }
}
