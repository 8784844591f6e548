package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.SymbolicInt;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.internal.TensorIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code slice_by_index(x, begin, end, stride?, begin_mask?, end_mask?, squeeze_mask?)}: numpy-style
 * {@code x[begin[0]:end[0]:stride[0], ...]}.
 *
 * <p>Inputs: {@code x} (iOS15: fp16, fp32, int32, bool; iOS17 adds int8, int16, uint8, uint16); {@code begin} and
 * {@code end}, int32 vectors of length {@code rank(x)} (iOS17: int8, int16, int32), const or not; {@code stride}, const,
 * default all 1 (never 0); {@code begin_mask} / {@code end_mask}, const bool vectors: ignore {@code begin[i]} (start at
 * the edge) / {@code end[i]} (run to the edge); {@code squeeze_mask}, const bool vector: take the single index
 * {@code begin[i]} and drop the dim. Negative indices count from the end and are clamped as in numpy.
 *
 * <p>Output: {@code x}'s dtype. A dim is exact when its size and the bounds are known, kept when fully masked with
 * stride 1, a symbol named after the dim and the bounds when those are const, and otherwise (run-time bounds) a fresh
 * symbol unique to this op. Folds when {@code x}, {@code begin} and {@code end} are const (shape arithmetic on
 * {@code shape(x)}).
 */
public final class SliceByIndexOp extends OpDef {
    /** The iOS15 definition. */
    public static SliceByIndexOp ios15() {
        return new SliceByIndexOp(Opset.IOS15);
    }

    /** The iOS17 definition: adds the 8- and 16-bit integer dtypes (for {@code x} and its index inputs). */
    public static SliceByIndexOp ios17() {
        return new SliceByIndexOp(Opset.IOS17);
    }

    private SliceByIndexOp(Opset since) {
        super("slice_by_index", since, since.compareTo(Opset.IOS17) >= 0
                ? spec(InputSpec.builder().tensor("x", "T").tensor("begin", "U").tensor("end", "U")
                        .tensor("stride", "U")).domain("T", Domains.IOS17_DATA).domain("U", Domains.IOS17_INDEX)
                        .build()
                : spec(InputSpec.builder().tensor("x", "T").tensor("begin", DType.INT32).tensor("end", DType.INT32)
                        .tensor("stride", DType.INT32)).domain("T", Domains.IOS15_DATA).build());
    }

    private static InputSpec.Builder spec(InputSpec.Builder b) {
        return b.constant().optional()
                .tensor("begin_mask", DType.BOOL).constant().optional()
                .tensor("end_mask", DType.BOOL).constant().optional()
                .tensor("squeeze_mask", DType.BOOL).constant().optional();
    }

    /** The per-dim slice: known bounds, or null bounds when begin/end are not const. */
    private record Plan(Shape out, long[] begin, long[] stride, long[] length, boolean[] squeeze) {
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        return List.of(x.withShape(plan(ctx, x.shape()).out()));
    }

    private static Plan plan(InferenceContext ctx, Shape in) {
        int rank = in.rank();
        for (String name : new String[] {"begin", "end"}) {
            int len = Args.vectorLength(ctx, name);
            if (len != rank) {
                throw new TypeException(name, "has " + len + " entries, but x has rank " + rank);
            }
        }
        long[] stride = new long[rank];
        java.util.Arrays.fill(stride, 1);
        if (ctx.isPresent("stride")) {
            stride = Args.constInts(ctx, "stride");
            if (stride.length != rank) {
                throw new TypeException("stride", "has " + stride.length + " entries, but x has rank " + rank);
            }
        }
        boolean[] bm = Args.mask(ctx, "begin_mask", rank);
        boolean[] em = Args.mask(ctx, "end_mask", rank);
        boolean[] sq = Args.mask(ctx, "squeeze_mask", rank);
        long[] begin = ctx.value("begin").map(TensorValue::toLongArray).orElse(null);
        long[] end = ctx.value("end").map(TensorValue::toLongArray).orElse(null);
        long[] start = new long[rank];
        long[] length = new long[rank];
        List<Dim> out = new ArrayList<>(rank);
        for (int i = 0; i < rank; i++) {
            if (stride[i] == 0) {
                throw new TypeException("stride", "must not be 0 (dim " + i + ")");
            }
            Dim d = in.dim(i);
            if (sq[i]) {
                if (begin != null && d.isKnown() && (begin[i] >= d.size() || begin[i] < -d.size())) {
                    throw new TypeException("begin", "is " + begin[i] + " at squeezed dim " + i
                            + ", out of range for size " + d);
                }
                if (begin != null && d.isKnown()) {
                    start[i] = begin[i] < 0 ? begin[i] + d.size() : begin[i];
                    length[i] = 1;
                }
                continue;
            }
            if (bm[i] && em[i] && stride[i] == 1) {
                out.add(d);
                if (d.isKnown()) {
                    length[i] = d.size();
                }
                continue;
            }
            boolean bounds = (bm[i] || begin != null) && (em[i] || end != null);
            if (d.isKnown() && bounds) {
                long n = d.size();
                long s = stride[i];
                long b = bm[i] ? (s > 0 ? 0 : n - 1) : clamp(begin[i], n, s);
                long e = em[i] ? (s > 0 ? n : -1) : clamp(end[i], n, s);
                long len = s > 0 ? Math.max(0, ceilDiv(e - b, s)) : Math.max(0, ceilDiv(b - e, -s));
                start[i] = b;
                length[i] = len;
                out.add(Dim.of(len));
            } else if (bounds) {
                out.add(DimMath.derived("slice", d, bm[i] ? "all" : begin[i], em[i] ? "all" : end[i], stride[i]));
            } else {
                out.add(ctx.freshSymbol("d" + i));
            }
        }
        return new Plan(Shape.of(out), start, stride, length, sq);
    }

    /** numpy's clamping of a slice bound into {@code [0, n]} (or {@code [-1, n-1]} for negative strides). */
    private static long clamp(long v, long n, long stride) {
        long x = v < 0 ? v + n : v;
        return stride > 0 ? Math.min(Math.max(x, 0), n) : Math.min(Math.max(x, -1), n - 1);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> xv = ctx.value("x");
        if (xv.isEmpty() || ctx.value("begin").isEmpty() || ctx.value("end").isEmpty()) {
            return Optional.empty();
        }
        TensorValue x = xv.get();
        Plan p = plan(ctx, x.shape());
        if (!Values.foldable(p.out())) {
            return Optional.empty();
        }
        long[] in = x.shape().toLongArray();
        long[] strides = TensorIndex.strides(in);
        long[] full = p.length().clone();
        long[] idx = new long[in.length];
        long count = 1;
        for (long l : full) {
            count *= l;
        }
        long[] src = new long[Math.toIntExact(count)];
        for (int i = 0; i < src.length; i++) {
            Values.unravel(i, full, idx);
            long s = 0;
            for (int k = 0; k < in.length; k++) {
                long step = p.squeeze()[k] ? 0 : p.stride()[k];
                s += (p.begin()[k] + idx[k] * step) * strides[k];
            }
            src[i] = s;
        }
        return Optional.of(List.of(Values.take(x, p.out(), src)));
    }

    /** A slice of a symbolically known vector with const bounds: the elements it selects. */
    @Override
    public Optional<List<SymbolicInt>> inferSymbolicValue(InferenceContext ctx) {
        Optional<List<SymbolicInt>> x = ctx.symbolicValue("x");
        Optional<TensorValue> begin = ctx.value("begin");
        Optional<TensorValue> end = ctx.value("end");
        if (x.isEmpty() || begin.isEmpty() || end.isEmpty() || ctx.tensor("x").rank() != 1) {
            return Optional.empty();
        }
        int n = x.get().size();
        long stride = ctx.value("stride").map(v -> v.getLong(0)).orElse(1L);
        boolean beginMask = ctx.value("begin_mask").map(v -> v.getBoolean(0)).orElse(false);
        boolean endMask = ctx.value("end_mask").map(v -> v.getBoolean(0)).orElse(false);
        boolean squeeze = ctx.value("squeeze_mask").map(v -> v.getBoolean(0)).orElse(false);
        if (stride == 0) {
            return Optional.empty();
        }
        List<SymbolicInt> out = new ArrayList<>();
        if (squeeze) {
            long b = begin.get().getLong(0) < 0 ? begin.get().getLong(0) + n : begin.get().getLong(0);
            if (b < 0 || b >= n) {
                return Optional.empty();
            }
            out.add(x.get().get((int) b));
            return Optional.of(out);
        }
        long b = beginMask ? (stride > 0 ? 0 : n - 1) : clampIndex(begin.get().getLong(0), n, stride);
        long e = endMask ? (stride > 0 ? n : -1) : clampIndex(end.get().getLong(0), n, stride);
        for (long i = b; stride > 0 ? i < e : i > e; i += stride) {
            out.add(x.get().get((int) i));
        }
        return Optional.of(out);
    }

    /** A bound as numpy clamps it: negative counts from the end; into [0, n] (stride > 0) or [-1, n - 1]. */
    private static long clampIndex(long i, int n, long stride) {
        long k = i < 0 ? i + n : i;
        return stride > 0 ? Math.max(0, Math.min(n, k)) : Math.max(-1, Math.min(n - 1, k));
    }

    @Override
    public String summary() {
        return "strided slice by begin and end indices with masks";
    }
}
