package dev.mil4j.examples.customtopk;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.OpKernel;
import java.util.Arrays;
import java.util.List;

/**
 * The interpreter kernel of {@code custom_topk}: what the {@code CustomTopK} layer computes on the device, so a model
 * using it runs (and can be checked) off a Mac. For every position of the other axes it picks the {@code k} largest
 * values along {@code axis} (ties: the lower index first); with {@code sorted} they come largest first, otherwise
 * in their original order along the axis. Values keep x's dtype; indices are int32.
 */
public final class CustomTopKKernel implements OpKernel {
    @Override
    public List<TensorValue> execute(KernelContext ctx) {
        TensorValue x = ctx.input("x");
        int k = Math.toIntExact(ctx.constLong("k"));
        boolean sorted = ctx.constBoolean("sorted");
        Shape shape = x.shape();
        int axis = shape.normalizeAxis(ctx.constLong("axis"));
        int n = Math.toIntExact(shape.dim(axis).size());
        long innerSize = 1;
        for (int i = axis + 1; i < shape.rank(); i++) {
            innerSize *= shape.dim(i).size();
        }
        int inner = Math.toIntExact(innerSize);
        int outer = Math.toIntExact(x.elementCount() / ((long) n * inner));
        double[] in = x.toDoubleArray();
        double[] values = new double[outer * k * inner];
        long[] indices = new long[values.length];
        Integer[] order = new Integer[n];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                for (int j = 0; j < n; j++) {
                    order[j] = j;
                }
                // largest first; the lower index first among equal values (stable sort)
                Arrays.sort(order, (a, b) -> Double.compare(in[base + b * inner], in[base + a * inner]));
                Integer[] picked = Arrays.copyOf(order, k);
                if (!sorted) {
                    Arrays.sort(picked);
                }
                for (int j = 0; j < k; j++) {
                    int at = (o * k + j) * inner + i;
                    values[at] = in[base + picked[j] * inner];
                    indices[at] = picked[j];
                }
            }
        }
        Shape out = shape.withDim(axis, dev.mil4j.core.types.Dim.of(k));
        return List.of(TensorValue.fromDoubles(x.dtype(), out, values), TensorValue.fromLongs(DType.INT32, out,
                indices));
    }
}
