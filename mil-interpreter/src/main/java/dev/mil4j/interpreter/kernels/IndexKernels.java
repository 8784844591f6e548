package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import java.util.List;

/**
 * Kernels of the ops that pick elements by index or condition: {@code gather} and {@code select} directly;
 * {@code gather_along_axis}, {@code topk}, {@code argsort}, {@code cumsum}, {@code band_part} and {@code non_zero}
 * through their definitions.
 */
final class IndexKernels {
    /** The ops evaluated through their definition, sorted. */
    static final List<String> BY_DEFINITION = List.of(
            "argsort", "band_part", "cumsum", "gather_along_axis", "non_zero", "topk");

    private IndexKernels() {
    }

    static void register(KernelRegistry r) {
        r.registerAll(BY_DEFINITION, DefinitionKernel.INSTANCE, KernelRegistry.BUILT_IN);
        r.register("gather", IndexKernels::gather, KernelRegistry.BUILT_IN);
        r.register("select", IndexKernels::select, KernelRegistry.BUILT_IN);
    }

    /** {@code x.shape[:axis] + indices.shape + x.shape[axis+1:]}; negative indices count from the end. */
    private static List<TensorValue> gather(KernelContext ctx) {
        if (ctx.optionalInput("batch_dims").map(TensorValue::scalarLong).orElse(0L) != 0) {
            return DefinitionKernel.INSTANCE.execute(ctx);
        }
        TensorValue x = ctx.input("x");
        TensorValue indices = ctx.input("indices");
        long[] xs = Tensors.shape(x);
        int axis = Tensors.axis("axis", ctx.constLong("axis"), xs.length);
        long[] idx = indices.toLongArray();
        long dim = xs[axis];
        for (int i = 0; i < idx.length; i++) {
            long j = idx[i] < 0 ? idx[i] + dim : idx[i];
            if (j < 0 || j >= dim) {
                throw new IllegalArgumentException("input `indices` holds " + idx[i] + ", out of range for dim "
                        + axis + " of size " + dim);
            }
            idx[i] = j;
        }
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= (int) xs[d];
        }
        int inner = 1;
        for (int d = axis + 1; d < xs.length; d++) {
            inner *= (int) xs[d];
        }
        long[] is = Tensors.shape(indices);
        long[] out = new long[xs.length - 1 + is.length];
        System.arraycopy(xs, 0, out, 0, axis);
        System.arraycopy(is, 0, out, axis, is.length);
        System.arraycopy(xs, axis + 1, out, axis + is.length, xs.length - axis - 1);
        int[] src = new int[outer * idx.length * inner];
        int p = 0;
        for (int o = 0; o < outer; o++) {
            for (long j : idx) {
                int base = (int) ((o * dim + j) * inner);
                for (int i = 0; i < inner; i++) {
                    src[p++] = base + i;
                }
            }
        }
        return List.of(Tensors.take(x, out, src, null));
    }

    /** {@code cond ? a : b}, elementwise with numpy broadcasting of all three. */
    private static List<TensorValue> select(KernelContext ctx) {
        TensorValue cond = ctx.input("cond");
        TensorValue a = ctx.input("a");
        TensorValue b = ctx.input("b").cast(a.dtype());
        long[] cs = Tensors.shape(cond);
        long[] as = Tensors.shape(a);
        long[] bs = Tensors.shape(b);
        long[] out = Broadcasting.shape(Broadcasting.shape(cs, as), bs);
        int[] ci = Broadcasting.sources(out, cs);
        int[] ai = Broadcasting.sources(out, as);
        int[] bi = Broadcasting.sources(out, bs);
        int n = ci.length;
        int[] fromA = new int[n];
        int[] fromB = new int[n];
        for (int i = 0; i < n; i++) {
            boolean c = cond.getBoolean(ci[i]);
            fromA[i] = c ? ai[i] : -1;
            fromB[i] = c ? -1 : bi[i];
        }
        byte[] left = Tensors.bytes(Tensors.take(a, out, fromA, null));
        byte[] right = Tensors.bytes(Tensors.take(b, out, fromB, null));
        int es = a.dtype().byteSize();
        for (int i = 0; i < n; i++) {
            if (fromA[i] < 0) {
                System.arraycopy(right, i * es, left, i * es, es);
            }
        }
        return List.of(Tensors.ofBytes(a.dtype(), out, left));
    }
}
