package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ReductionOps;
import dev.mil4j.ops.TensorOps;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code Slice}: attributes before opset 10, inputs from opset 10 on, in one of three forms.
 * <ul>
 * <li>All of starts, ends, axes and steps constant: one {@code slice_by_index} with constant bounds, clamped as ONNX
 * specifies where the dim is known.</li>
 * <li>Starts or ends computed at run time, axes and steps constant: one {@code slice_by_index} with run-time
 * {@code begin}/{@code end} (numpy's clamping, which is ONNX's), the dims not sliced masked.</li>
 * <li>Axes or steps computed at run time ({@code slice_by_index}'s stride and masks are constant): every dim is
 * gathered at the indices {@code range_1d(start, end, step)}, its bounds clamped at run time; the dim's start, end and
 * step are picked from the entries whose axis names it (the whole dim, step 1, when none does).</li>
 * </ul>
 */
final class SliceTranslation {
    private SliceTranslation() {
    }

    /** {@code Slice}-1: starts, ends and axes are attributes. */
    static List<Var> sliceAttributes(OnnxNode n, OnnxTranslationContext c) {
        return constSlice(c, n.intsAttribute("starts").orElseThrow(() -> c.error("has no starts")),
                n.intsAttribute("ends").orElseThrow(() -> c.error("has no ends")),
                n.intsAttribute("axes").orElse(null), null);
    }

    /** {@code Slice}-10 and later: starts, ends and the optional axes and steps are inputs. */
    static List<Var> slice(OnnxNode n, OnnxTranslationContext c) {
        Optional<TensorValue> starts = c.constInput(1);
        Optional<TensorValue> ends = c.constInput(2);
        Optional<TensorValue> axes = c.hasInput(3) ? c.constInput(3) : Optional.of(TensorValue.ofLongs(Shape.of(0)));
        Optional<TensorValue> steps = c.hasInput(4) ? c.constInput(4) : Optional.of(TensorValue.ofLongs(Shape.of(0)));
        long[] axesValue = axes.map(v -> c.hasInput(3) ? v.toLongArray() : null).orElse(null);
        long[] stepsValue = steps.map(v -> c.hasInput(4) ? v.toLongArray() : null).orElse(null);
        if (starts.isPresent() && ends.isPresent() && axes.isPresent() && steps.isPresent()) {
            return constSlice(c, starts.get().toLongArray(), ends.get().toLongArray(), axesValue, stepsValue);
        }
        int count = entries(c);
        if (axes.isPresent() && steps.isPresent()) {
            return List.of(runTimeBounds(c, count, axesValue, stepsValue));
        }
        return List.of(gathered(c, count, axesValue));
    }

    /** The number of (start, end, axis, step) entries: the static length of starts. */
    private static int entries(OnnxTranslationContext c) {
        long[] s = c.staticShape(c.input(1), "Slice with run-time starts or ends");
        if (s.length != 1) {
            throw c.error("has starts of shape " + Shape.of(s) + "; expected a vector");
        }
        return Math.toIntExact(s[0]);
    }

    /** Axes made non-negative and checked for repeats; {@code 0, 1, ...} when not given. */
    private static int[] sliceAxes(OnnxTranslationContext c, long[] axes, int count, int rank) {
        if (axes == null) {
            int[] out = new int[count];
            Arrays.setAll(out, i -> i);
            return out;
        }
        if (axes.length != count) {
            throw c.error("has " + count + " starts but " + axes.length + " axes");
        }
        int[] out = c.axes(axes, rank);
        if (Arrays.stream(out).distinct().count() != out.length) {
            throw c.error("names an axis twice in " + Arrays.toString(axes));
        }
        return out;
    }

    /** Run-time starts and ends, constant axes and steps: {@code slice_by_index} with run-time begin and end. */
    private static Var runTimeBounds(OnnxTranslationContext c, int count, long[] axes, long[] steps) {
        Builder b = c.builder();
        Var x = c.input(0);
        int rank = x.tensorType().rank();
        int[] sliced = sliceAxes(c, axes, count, rank);
        if (steps != null && steps.length != count) {
            throw c.error("has " + count + " starts but " + steps.length + " steps");
        }
        int[] map = new int[rank];
        int[] stride = new int[rank];
        boolean[] mask = new boolean[rank];
        Arrays.fill(map, count);
        Arrays.fill(stride, 1);
        Arrays.fill(mask, true);
        for (int i = 0; i < count; i++) {
            if (steps != null && steps[i] == 0) {
                throw c.error("has step 0 on axis " + sliced[i]);
            }
            map[sliced[i]] = i;
            stride[sliced[i]] = steps == null ? 1 : Math.toIntExact(steps[i]);
            mask[sliced[i]] = false;
        }
        // entry `count` is a 0 that the masked dims read
        Var begin = TensorOps.gather(b, withZero(b, int32(b, c.input(1))), map, 0);
        Var end = TensorOps.gather(b, withZero(b, int32(b, c.input(2))), map, 0);
        Shape masks = Shape.of(rank);
        return b.op("slice_by_index").input("x", x).input("begin", begin).input("end", end)
                .input("stride", TensorValue.vector(stride)).input("begin_mask", TensorValue.ofBools(masks, mask))
                .input("end_mask", TensorValue.ofBools(masks, mask)).output();
    }

    private static Var withZero(Builder b, Var v) {
        return TensorOps.concat(b, List.of(v, b.constant(TensorValue.vector(new int[] {0}))), 0);
    }

    private static Var int32(Builder b, Var v) {
        return v.tensorType().dtype() == DType.INT32 ? v : MathOps.cast(b, v, DType.INT32);
    }

    /**
     * Run-time axes or steps: each dim (each named dim when the axes are constant) gathered at
     * {@code range_1d(start, end, step)} with ONNX's clamping done at run time.
     */
    private static Var gathered(OnnxTranslationContext c, int count, long[] axes) {
        Builder b = c.builder();
        Var x = c.input(0);
        int rank = x.tensorType().rank();
        Var starts = int32(b, c.input(1));
        Var ends = int32(b, c.input(2));
        Var steps = c.hasInput(4) ? int32(b, c.input(4)) : b.constant(TensorValue.vector(ones(count)));
        Var y = x;
        if (!c.hasInput(3) || c.constInput(3).isPresent()) {
            int[] sliced = sliceAxes(c, axes, count, rank);
            for (int i = 0; i < count; i++) {
                Var at = b.constant(TensorValue.scalar(i));
                y = sliceDim(b, y, sliced[i], TensorOps.gather(b, starts, at, 0), TensorOps.gather(b, ends, at, 0),
                        TensorOps.gather(b, steps, at, 0));
            }
            return y;
        }
        // match[i, d]: entry i slices dim d
        Var axesV = int32(b, c.input(3));
        Var zero = b.constant(TensorValue.scalar(0));
        axesV = TensorOps.select(b, MathOps.less(b, axesV, zero), MathOps.add(b, axesV,
                b.constant(TensorValue.scalar(rank))), axesV);
        int[] dims = new int[rank];
        Arrays.setAll(dims, i -> i);
        Var match = MathOps.cast(b, MathOps.equal(b, TensorOps.expandDims(b, axesV, 1),
                b.constant(TensorValue.ofInts(Shape.of(1, rank), dims))), DType.INT32);
        Var named = MathOps.greater(b, ReductionOps.reduceSum(b, match, new int[] {0}, false), zero);
        Var startAll = TensorOps.select(b, named, pick(b, match, starts),
                b.constant(TensorValue.vector(new int[rank])));
        Var endAll = TensorOps.select(b, named, pick(b, match, ends), MathOps.shape(b, x));
        Var stepAll = TensorOps.select(b, named, pick(b, match, steps), b.constant(TensorValue.vector(ones(rank))));
        for (int d = 0; d < rank; d++) {
            Var at = b.constant(TensorValue.scalar(d));
            y = sliceDim(b, y, d, TensorOps.gather(b, startAll, at, 0), TensorOps.gather(b, endAll, at, 0),
                    TensorOps.gather(b, stepAll, at, 0));
        }
        return y;
    }

    /** For each dim, the value of the entry naming it (0 when none does): {@code sum_i match[i, d] * v[i]}. */
    private static Var pick(Builder b, Var match, Var v) {
        return ReductionOps.reduceSum(b, MathOps.mul(b, match, TensorOps.expandDims(b, v, 1)), new int[] {0}, false);
    }

    private static int[] ones(int n) {
        int[] v = new int[n];
        Arrays.fill(v, 1);
        return v;
    }

    /**
     * Dim {@code d} of {@code x} from {@code start} to {@code end} by {@code step} (int32 scalars): negative bounds
     * count from the end, then are clamped into {@code [0, n]} ({@code [-1, n - 1]} for negative steps).
     */
    private static Var sliceDim(Builder b, Var x, int d, Var start, Var end, Var step) {
        Var n = IndexTranslations.dimSize(b, x, d);
        Var zero = b.constant(TensorValue.scalar(0));
        Var forward = MathOps.greater(b, step, zero);
        Var lo = TensorOps.select(b, forward, zero, b.constant(TensorValue.scalar(-1)));
        Var hi = TensorOps.select(b, forward, n, MathOps.add(b, n, -1));
        Var s = clamp(b, fromEnd(b, start, n), lo, hi);
        Var e = clamp(b, fromEnd(b, end, n), lo, hi);
        return TensorOps.gather(b, x, MathOps.range1d(b, s, e, step), d);
    }

    private static Var fromEnd(Builder b, Var i, Var n) {
        return TensorOps.select(b, MathOps.less(b, i, b.constant(TensorValue.scalar(0))), MathOps.add(b, i, n), i);
    }

    private static Var clamp(Builder b, Var v, Var lo, Var hi) {
        return MathOps.minimum(b, MathOps.maximum(b, v, lo), hi);
    }

    /**
     * {@code slice_by_index} over every dim with constant bounds, clamped as ONNX specifies when the dim is known,
     * and run to the edge (a mask) when they are beyond it, such as the {@code INT64_MAX} exporters write for "to the
     * end".
     */
    private static List<Var> constSlice(OnnxTranslationContext c, long[] starts, long[] ends, long[] axes,
            long[] steps) {
        Var x = c.input(0);
        int rank = x.tensorType().rank();
        if (ends.length != starts.length || (axes != null && axes.length != starts.length)
                || (steps != null && steps.length != starts.length)) {
            throw c.error("has starts, ends, axes and steps of different lengths");
        }
        int[] begin = new int[rank];
        int[] end = new int[rank];
        int[] stride = new int[rank];
        boolean[] beginMask = new boolean[rank];
        boolean[] endMask = new boolean[rank];
        Arrays.fill(stride, 1);
        Arrays.fill(beginMask, true);
        Arrays.fill(endMask, true);
        for (int i = 0; i < starts.length; i++) {
            int axis = c.axis(axes == null ? i : axes[i], rank);
            long step = steps == null ? 1 : steps[i];
            if (step == 0) {
                throw c.error("has step 0 on axis " + axis);
            }
            stride[axis] = Math.toIntExact(step);
            Dim d = x.tensorType().shape().dim(axis);
            long s = starts[i];
            long e = ends[i];
            if (d.isKnown()) {
                long size = d.size();
                s = s < 0 ? s + size : s;
                e = e < 0 ? e + size : e;
                if (step > 0) {
                    s = clamp(s, 0, size);
                    e = clamp(e, 0, size);
                    endMask[axis] = e >= size;
                } else {
                    s = clamp(s, -1, size - 1);
                    e = clamp(e, -1, size - 1);
                    endMask[axis] = e < 0;
                }
                beginMask[axis] = false;
                begin[axis] = (int) s;
                end[axis] = endMask[axis] ? 0 : (int) e;
            } else {
                beginMask[axis] = false;
                begin[axis] = (int) clamp(s, Integer.MIN_VALUE, Integer.MAX_VALUE);
                endMask[axis] = step > 0 ? e >= Integer.MAX_VALUE : e <= Integer.MIN_VALUE;
                end[axis] = endMask[axis] ? 0 : (int) clamp(e, Integer.MIN_VALUE, Integer.MAX_VALUE);
            }
        }
        return List.of(TensorOps.sliceByIndex(c.builder(), x, begin, end, stride, beginMask, endMask,
                new boolean[rank]));
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
