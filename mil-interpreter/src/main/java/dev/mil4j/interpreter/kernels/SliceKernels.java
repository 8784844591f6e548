package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Kernels of the ops that cut and join tensors: {@code slice_by_index} (numpy slicing with masks),
 * {@code slice_by_size}, {@code split}, {@code concat} (with interleave), {@code stack}, {@code tile} and
 * {@code pad} (constant, reflect, replicate).
 */
final class SliceKernels {
    private SliceKernels() {
    }

    static void register(KernelRegistry r) {
        r.register("concat", SliceKernels::concat, KernelRegistry.BUILT_IN);
        r.register("pad", SliceKernels::pad, KernelRegistry.BUILT_IN);
        r.register("slice_by_index", SliceKernels::sliceByIndex, KernelRegistry.BUILT_IN);
        r.register("slice_by_size", SliceKernels::sliceBySize, KernelRegistry.BUILT_IN);
        r.register("split", SliceKernels::split, KernelRegistry.BUILT_IN);
        r.register("stack", SliceKernels::stack, KernelRegistry.BUILT_IN);
        r.register("tile", SliceKernels::tile, KernelRegistry.BUILT_IN);
    }

    /** Element {@code i} of the result reads {@code x} at {@code sum(start[d] + idx[d] * step[d]) * stride[d]}. */
    static TensorValue strided(TensorValue x, long[] start, long[] step, long[] out) {
        long[] xs = Tensors.shape(x);
        int[] strides = Tensors.strides(xs);
        int rank = xs.length;
        int n = Tensors.size(out);
        int[] src = new int[n];
        int[] idx = new int[rank];
        for (int i = 0; i < n; i++) {
            long s = 0;
            for (int d = 0; d < rank; d++) {
                s += (start[d] + idx[d] * step[d]) * strides[d];
            }
            src[i] = (int) s;
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < out[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return Tensors.take(x, out, src, null);
    }

    private static List<TensorValue> sliceByIndex(KernelContext ctx) {
        TensorValue x = ctx.input("x");
        long[] xs = Tensors.shape(x);
        int rank = xs.length;
        long[] begin = ctx.input("begin").toLongArray();
        long[] end = ctx.input("end").toLongArray();
        long[] stride = ctx.optionalInput("stride").map(TensorValue::toLongArray).orElse(filled(rank, 1));
        long[] bm = ctx.optionalInput("begin_mask").map(TensorValue::toLongArray).orElse(new long[rank]);
        long[] em = ctx.optionalInput("end_mask").map(TensorValue::toLongArray).orElse(new long[rank]);
        long[] sm = ctx.optionalInput("squeeze_mask").map(TensorValue::toLongArray).orElse(new long[rank]);
        long[] start = new long[rank];
        long[] count = new long[rank];
        List<Long> kept = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            long dim = xs[d];
            long st = stride[d];
            if (st == 0) {
                throw new IllegalArgumentException("input `stride` is 0 at dim " + d);
            }
            if (sm[d] != 0) {
                long b = begin[d] < 0 ? begin[d] + dim : begin[d];
                if (b < 0 || b >= dim) {
                    throw new IllegalArgumentException("input `begin` is " + begin[d] + " at squeezed dim " + d
                            + " of size " + dim);
                }
                start[d] = b;
                count[d] = 1;
                continue;
            }
            long b;
            long e;
            if (st > 0) {
                b = bm[d] != 0 ? 0 : clamp(begin[d] < 0 ? begin[d] + dim : begin[d], 0, dim);
                e = em[d] != 0 ? dim : clamp(end[d] < 0 ? end[d] + dim : end[d], 0, dim);
                count[d] = e > b ? (e - b + st - 1) / st : 0;
            } else {
                b = bm[d] != 0 ? dim - 1 : clamp(begin[d] < 0 ? begin[d] + dim : begin[d], -1, dim - 1);
                e = em[d] != 0 ? -1 : clamp(end[d] < 0 ? end[d] + dim : end[d], -1, dim - 1);
                count[d] = b > e ? (b - e + (-st) - 1) / (-st) : 0;
            }
            start[d] = b;
            kept.add(count[d]);
        }
        TensorValue r = strided(x, start, stride, count);
        return List.of(r.reshape(Shape.of(kept.stream().mapToLong(Long::longValue).toArray())));
    }

    private static List<TensorValue> sliceBySize(KernelContext ctx) {
        TensorValue x = ctx.input("x");
        long[] xs = Tensors.shape(x);
        long[] begin = ctx.input("begin").toLongArray();
        long[] size = ctx.input("size").toLongArray();
        long[] start = new long[xs.length];
        long[] out = new long[xs.length];
        for (int d = 0; d < xs.length; d++) {
            start[d] = begin[d] < 0 ? begin[d] + xs[d] : begin[d];
            out[d] = size[d] < 0 ? xs[d] - start[d] : size[d];
            if (start[d] < 0 || start[d] + out[d] > xs[d]) {
                throw new IllegalArgumentException("begin " + begin[d] + " and size " + size[d] + " leave dim " + d
                        + " of size " + xs[d]);
            }
        }
        return List.of(strided(x, start, filled(xs.length, 1), out));
    }

    private static List<TensorValue> split(KernelContext ctx) {
        TensorValue x = ctx.input("x");
        long[] xs = Tensors.shape(x);
        int axis = Tensors.axis("axis", ctx.constLong("axis"), xs.length);
        List<TensorValue> out = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < ctx.outputTypes().size(); i++) {
            long[] size = xs.clone();
            Optional<long[]> sizes = ctx.optionalInput("split_sizes").map(TensorValue::toLongArray);
            size[axis] = sizes.isPresent() ? sizes.get()[i] : xs[axis] / ctx.outputTypes().size();
            long[] start = new long[xs.length];
            start[axis] = offset;
            out.add(strided(x, start, filled(xs.length, 1), size));
            offset += size[axis];
        }
        return out;
    }

    private static List<TensorValue> concat(KernelContext ctx) {
        List<TensorValue> values = ctx.inputs("values");
        long[] first = Tensors.shape(values.get(0));
        int axis = Tensors.axis("axis", ctx.constLong("axis"), first.length);
        if (ctx.constBoolean("interleave")) {
            // interleave: stack on a new dim after axis, then merge it into axis
            long[] stacked = Arrays.copyOf(first, first.length + 1);
            System.arraycopy(first, axis + 1, stacked, axis + 2, first.length - axis - 1);
            stacked[axis + 1] = 1;
            List<TensorValue> parts = values.stream().map(v -> v.reshape(Shape.of(stacked))).toList();
            long[] joined = stacked.clone();
            joined[axis + 1] = values.size();
            long[] out = first.clone();
            out[axis] = first[axis] * values.size();
            return List.of(Tensors.concat(parts, axis + 1, joined).reshape(Shape.of(out)));
        }
        long[] out = first.clone();
        out[axis] = 0;
        for (TensorValue v : values) {
            out[axis] += v.shape().dim(axis).size();
        }
        return List.of(Tensors.concat(values, axis, out));
    }

    private static List<TensorValue> stack(KernelContext ctx) {
        List<TensorValue> values = ctx.inputs("values");
        long[] first = Tensors.shape(values.get(0));
        int axis = Tensors.axis("axis", ctx.constLong("axis"), first.length + 1);
        long[] one = new long[first.length + 1];
        for (int i = 0, j = 0; i < one.length; i++) {
            one[i] = i == axis ? 1 : first[j++];
        }
        List<TensorValue> parts = values.stream().map(v -> v.reshape(Shape.of(one))).toList();
        long[] out = one.clone();
        out[axis] = values.size();
        return List.of(Tensors.concat(parts, axis, out));
    }

    private static List<TensorValue> tile(KernelContext ctx) {
        TensorValue x = ctx.input("x");
        long[] xs = Tensors.shape(x);
        long[] reps = ctx.input("reps").toLongArray();
        long[] out = new long[xs.length];
        for (int d = 0; d < xs.length; d++) {
            out[d] = xs[d] * reps[d];
        }
        return List.of(mapped(x, xs, out, (d, i) -> i % xs[d]));
    }

    private static List<TensorValue> pad(KernelContext ctx) {
        TensorValue x = ctx.input("x");
        long[] xs = Tensors.shape(x);
        long[] pad = ctx.input("pad").toLongArray();
        String mode = ctx.input("mode").scalarString();
        int padded = pad.length / 2;
        long[] before = new long[xs.length];
        long[] out = xs.clone();
        for (int k = 0; k < padded; k++) {
            int d = xs.length - padded + k;
            before[d] = pad[2 * k];
            out[d] = xs[d] + pad[2 * k] + pad[2 * k + 1];
        }
        IndexMap map = switch (mode) {
            case "constant" -> (d, i) -> {
                long j = i - before[d];
                return j < 0 || j >= xs[d] ? -1 : j;
            };
            case "reflect" -> (d, i) -> {
                long j = Math.abs(i - before[d]);
                long period = 2 * (xs[d] - 1);
                j = period == 0 ? 0 : j % period;
                return j >= xs[d] ? period - j : j;
            };
            case "replicate" -> (d, i) -> Math.min(Math.max(i - before[d], 0), xs[d] - 1);
            default -> throw new IllegalArgumentException("input `mode` is '" + mode
                    + "'; use constant, reflect or replicate");
        };
        TensorValue fill = ctx.input("constant_val");
        return List.of(mappedWithFill(x, xs, out, map, fill));
    }

    /** Which input index along dim {@code d} output index {@code i} reads; negative for the fill value. */
    @FunctionalInterface
    interface IndexMap {
        long source(int d, long i);
    }

    static TensorValue mapped(TensorValue x, long[] xs, long[] out, IndexMap map) {
        return mappedWithFill(x, xs, out, map, null);
    }

    static TensorValue mappedWithFill(TensorValue x, long[] xs, long[] out, IndexMap map, TensorValue fill) {
        int rank = xs.length;
        int[] strides = Tensors.strides(xs);
        long[][] table = new long[rank][];
        for (int d = 0; d < rank; d++) {
            table[d] = new long[(int) out[d]];
            for (int i = 0; i < out[d]; i++) {
                table[d][i] = map.source(d, i);
            }
        }
        int n = Tensors.size(out);
        int[] src = new int[n];
        int[] idx = new int[rank];
        for (int i = 0; i < n; i++) {
            long s = 0;
            for (int d = 0; d < rank; d++) {
                long j = table[d][idx[d]];
                if (j < 0) {
                    s = -1;
                    break;
                }
                s += j * strides[d];
            }
            src[i] = (int) s;
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < out[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return Tensors.take(x, out, src, fill);
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }
}
