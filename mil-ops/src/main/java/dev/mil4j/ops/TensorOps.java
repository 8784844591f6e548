package dev.mil4j.ops;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Typed builder helpers for the tensor-manipulation ops ({@code dev.mil4j.ops.tensor}). Each inserts one op (or its
 * folded constant) with the common parameters; for the rest use {@code b.op(name)} directly.
 */
public final class TensorOps {
    private TensorOps() {
    }

    /** The values and indices of {@code topk}. */
    public record TopK(Var values, Var indices) {
    }

    public static Var reshape(Builder b, Var x, Var shape) {
        return b.op("reshape").input("x", x).input("shape", shape).output();
    }

    public static Var reshape(Builder b, Var x, int... shape) {
        return b.op("reshape").input("x", x).input("shape", TensorValue.vector(shape)).output();
    }

    public static Var transpose(Builder b, Var x, int... perm) {
        return b.op("transpose").input("x", x).input("perm", TensorValue.vector(perm)).output();
    }

    /** Removes the size-1 dims at {@code axes}, or every known size-1 dim when none are given. */
    public static Var squeeze(Builder b, Var x, int... axes) {
        Builder.OpBuilder op = b.op("squeeze").input("x", x);
        return (axes.length == 0 ? op : op.input("axes", TensorValue.vector(axes))).output();
    }

    public static Var expandDims(Builder b, Var x, int... axes) {
        return b.op("expand_dims").input("x", x).input("axes", TensorValue.vector(axes)).output();
    }

    public static Var concat(Builder b, List<Var> values, int axis) {
        return b.op("concat").inputs("values", values).input("axis", TensorValue.scalar(axis)).output();
    }

    public static List<Var> split(Builder b, Var x, int numSplits, int axis) {
        return b.op("split").input("x", x).input("num_splits", TensorValue.scalar(numSplits))
                .input("axis", TensorValue.scalar(axis)).outputs();
    }

    public static List<Var> splitSizes(Builder b, Var x, int[] sizes, int axis) {
        return b.op("split").input("x", x).input("split_sizes", TensorValue.vector(sizes))
                .input("axis", TensorValue.scalar(axis)).outputs();
    }

    public static Var stack(Builder b, List<Var> values, int axis) {
        return b.op("stack").inputs("values", values).input("axis", TensorValue.scalar(axis)).output();
    }

    /** {@code x[begin:end]} with stride 1 in every dim. */
    public static Var sliceByIndex(Builder b, Var x, int[] begin, int[] end) {
        return b.op("slice_by_index").input("x", x).input("begin", TensorValue.vector(begin))
                .input("end", TensorValue.vector(end)).output();
    }

    public static Var sliceByIndex(Builder b, Var x, Var begin, Var end) {
        return b.op("slice_by_index").input("x", x).input("begin", begin).input("end", end).output();
    }

    public static Var sliceBySize(Builder b, Var x, int[] begin, int[] size) {
        return b.op("slice_by_size").input("x", x).input("begin", TensorValue.vector(begin))
                .input("size", TensorValue.vector(size)).output();
    }

    public static Var sliceBySize(Builder b, Var x, Var begin, Var size) {
        return b.op("slice_by_size").input("x", x).input("begin", begin).input("size", size).output();
    }

    public static Var gather(Builder b, Var x, Var indices, int axis) {
        return b.op("gather").input("x", x).input("indices", indices).input("axis", TensorValue.scalar(axis))
                .output();
    }

    public static Var gatherAlongAxis(Builder b, Var x, Var indices, int axis) {
        return b.op("gather_along_axis").input("x", x).input("indices", indices)
                .input("axis", TensorValue.scalar(axis)).output();
    }

    /** {@code scatter} with {@code mode} one of update, add, sub, mul, div, max, min. */
    public static Var scatter(Builder b, Var data, Var indices, Var updates, int axis, String mode) {
        return b.op("scatter").input("data", data).input("indices", indices).input("updates", updates)
                .input("axis", TensorValue.scalar(axis)).input("mode", TensorValue.scalar(mode)).output();
    }

    public static Var scatterAlongAxis(Builder b, Var data, Var indices, Var updates, int axis, String mode) {
        return b.op("scatter_along_axis").input("data", data).input("indices", indices).input("updates", updates)
                .input("axis", TensorValue.scalar(axis)).input("mode", TensorValue.scalar(mode)).output();
    }

    public static Var tile(Builder b, Var x, int... reps) {
        return b.op("tile").input("x", x).input("reps", TensorValue.vector(reps)).output();
    }

    /** {@code tile} with repetitions known only at run time: the output dims are fresh symbols. */
    public static Var tile(Builder b, Var x, Var reps) {
        return b.op("tile").input("x", x).input("reps", reps).output();
    }

    /** Constant padding of the last {@code pad.length / 2} dims. */
    public static Var pad(Builder b, Var x, int[] pad, float constant) {
        return b.op("pad").input("x", x).input("pad", TensorValue.vector(pad))
                .input("constant_val", TensorValue.scalar(constant)).output();
    }

    /** Constant padding of every dim by amounts known only at run time ({@code pad} of length {@code 2 rank(x)}). */
    public static Var pad(Builder b, Var x, Var pad, float constant) {
        return b.op("pad").input("x", x).input("pad", pad).input("constant_val", TensorValue.scalar(constant)).output();
    }

    /** Reflect or replicate padding. */
    public static Var pad(Builder b, Var x, int[] pad, String mode) {
        return b.op("pad").input("x", x).input("pad", TensorValue.vector(pad)).input("mode", TensorValue.scalar(mode))
                .output();
    }

    public static TopK topk(Builder b, Var x, int k, int axis, boolean ascending) {
        List<Var> out = b.op("topk").input("x", x).input("k", TensorValue.scalar(k))
                .input("axis", TensorValue.scalar(axis)).input("ascending", TensorValue.scalar(ascending)).outputs();
        return new TopK(out.get(0), out.get(1));
    }

    /**
     * {@code topk} with {@code k} computed at run time (MIL's {@code k} is const): the whole axis sorted, by
     * {@code topk} when its size is known, else by {@code argsort} and {@code gather_along_axis}, then the first
     * {@code k} of values and indices kept by a {@code slice_by_index} ending at {@code k} (a rank-0 or one-element
     * integer tensor, clamped to the axis by the slice).
     */
    public static TopK topkRunTime(Builder b, Var x, Var k, int axis, boolean ascending) {
        int rank = x.tensorType().rank();
        Dim d = x.tensorType().shape().dim(axis);
        TopK all;
        if (d.isKnown()) {
            all = topk(b, x, Math.toIntExact(d.size()), axis, ascending);
        } else {
            Var order = argsort(b, x, axis, ascending);
            all = new TopK(gatherAlongAxis(b, x, order, axis), order);
        }
        Var count = reshape(b, k, 1);
        if (count.tensorType().dtype() != DType.INT32) {
            count = b.op("cast").input("x", count).input("dtype", TensorValue.scalar("int32")).output();
        }
        List<Var> end = new ArrayList<>();
        if (axis > 0) {
            end.add(b.constant(TensorValue.vector(new int[axis])));
        }
        end.add(count);
        if (axis < rank - 1) {
            end.add(b.constant(TensorValue.vector(new int[rank - 1 - axis])));
        }
        Var endVector = end.size() == 1 ? count : concat(b, end, 0);
        boolean[] endMask = new boolean[rank];
        Arrays.fill(endMask, true);
        endMask[axis] = false;
        boolean[] beginMask = new boolean[rank];
        Arrays.fill(beginMask, true);
        List<Var> out = new ArrayList<>();
        for (Var v : List.of(all.values(), all.indices())) {
            out.add(b.op("slice_by_index").input("x", v).input("begin", TensorValue.vector(new int[rank]))
                    .input("end", endVector).input("begin_mask", TensorValue.ofBools(Shape.of(rank), beginMask))
                    .input("end_mask", TensorValue.ofBools(Shape.of(rank), endMask)).output());
        }
        return new TopK(out.get(0), out.get(1));
    }

    public static Var argsort(Builder b, Var x, int axis, boolean ascending) {
        return b.op("argsort").input("x", x).input("axis", TensorValue.scalar(axis))
                .input("ascending", TensorValue.scalar(ascending)).output();
    }

    public static Var cumsum(Builder b, Var x, int axis, boolean exclusive, boolean reverse) {
        return b.op("cumsum").input("x", x).input("axis", TensorValue.scalar(axis))
                .input("exclusive", TensorValue.scalar(exclusive)).input("reverse", TensorValue.scalar(reverse))
                .output();
    }

    public static Var flatten2d(Builder b, Var x, int axis) {
        return b.op("flatten2d").input("x", x).input("axis", TensorValue.scalar(axis)).output();
    }

    public static Var select(Builder b, Var cond, Var a, Var bValue) {
        return b.op("select").input("cond", cond).input("a", a).input("b", bValue).output();
    }

    public static Var nonZero(Builder b, Var x) {
        return b.op("non_zero").input("x", x).output();
    }

    public static Var oneHot(Builder b, Var indices, int depth, int axis, float onValue, float offValue) {
        return b.op("one_hot").input("indices", indices).input("one_hot_vector_size", TensorValue.scalar(depth))
                .input("axis", TensorValue.scalar(axis)).input("on_value", TensorValue.scalar(onValue))
                .input("off_value", TensorValue.scalar(offValue)).output();
    }

    /** {@code one_hot} with a depth known only at run time: the new dim is a fresh symbol. */
    public static Var oneHot(Builder b, Var indices, Var depth, int axis, float onValue, float offValue) {
        return b.op("one_hot").input("indices", indices).input("one_hot_vector_size", depth)
                .input("axis", TensorValue.scalar(axis)).input("on_value", TensorValue.scalar(onValue))
                .input("off_value", TensorValue.scalar(offValue)).output();
    }

    public static Var bandPart(Builder b, Var x, int lower, int upper) {
        return b.op("band_part").input("x", x).input("lower", TensorValue.scalar(lower))
                .input("upper", TensorValue.scalar(upper)).output();
    }

    public static Var gatherNd(Builder b, Var x, Var indices) {
        return b.op("gather_nd").input("x", x).input("indices", indices).output();
    }

    public static Var scatterNd(Builder b, Var data, Var indices, Var updates, String mode) {
        return b.op("scatter_nd").input("data", data).input("indices", indices).input("updates", updates)
                .input("mode", TensorValue.scalar(mode)).output();
    }

    /** {@code reverse} along {@code axes}; every axis when none are given. */
    public static Var reverse(Builder b, Var x, int... axes) {
        Builder.OpBuilder op = b.op("reverse").input("x", x);
        return axes.length == 0 ? op.output() : op.input("axes", TensorValue.vector(axes)).output();
    }

    public static Var reverseSequence(Builder b, Var x, Var lengths, int seqAxis, int batchAxis) {
        return b.op("reverse_sequence").input("x", x).input("lengths", lengths)
                .input("seq_axis", TensorValue.scalar(seqAxis)).input("batch_axis", TensorValue.scalar(batchAxis))
                .output();
    }

    public static Var slidingWindows(Builder b, Var x, int axis, int size, int stride) {
        return b.op("sliding_windows").input("x", x).input("axis", TensorValue.scalar(axis))
                .input("size", TensorValue.scalar(size)).input("stride", TensorValue.scalar(stride)).output();
    }

    /** {@code slice_update} (iOS18) of {@code x[begin:end]} with unit strides. */
    public static Var sliceUpdate(Builder b, Var x, Var update, int[] begin, int[] end) {
        return b.op("slice_update").input("x", x).input("update", update).input("begin", TensorValue.vector(begin))
                .input("end", TensorValue.vector(end)).output();
    }

    /** The outputs of iOS15 {@code non_maximum_suppression}. */
    public record Nms(Var boxes, Var scores, Var indices, Var count) {
    }

    /** iOS15 {@code non_maximum_suppression} of fp32 boxes {@code [n, B, 4]} and scores {@code [n, B, K]}. */
    public static Nms nonMaximumSuppression(Builder b, Var boxes, Var scores, float iouThreshold,
            float scoreThreshold, int maxBoxes, boolean perClass) {
        List<Var> out = b.op("non_maximum_suppression").input("boxes", boxes).input("scores", scores)
                .input("iou_threshold", TensorValue.scalar(iouThreshold))
                .input("score_threshold", TensorValue.scalar(scoreThreshold))
                .input("max_boxes", TensorValue.scalar(maxBoxes))
                .input("per_class_suppression", TensorValue.scalar(perClass)).outputs();
        return new Nms(out.get(0), out.get(1), out.get(2), out.get(3));
    }

    /**
     * iOS17 {@code non_maximum_suppression} of boxes {@code [n, 4, B]} and scores {@code [n, K, B]}: the kept boxes
     * {@code [n, 4, max_boxes]}, their scores {@code [n, K, max_boxes]} and indices {@code [n, max_boxes]} (-1 in
     * padding).
     */
    public static List<Var> nonMaximumSuppressionBoxesLast(Builder b, Var boxes, Var scores, float iouThreshold,
            int maxBoxes, boolean perClass) {
        return b.op("non_maximum_suppression").input("boxes", boxes).input("scores", scores)
                .input("iou_threshold", TensorValue.scalar(iouThreshold))
                .input("max_boxes", TensorValue.scalar(maxBoxes))
                .input("per_class_suppression", TensorValue.scalar(perClass)).outputs();
    }

    /** {@code split} of {@code x} along {@code axis} into {@code numSplits} equal parts (the axis bound first). */
    public static List<Var> splitAlong(Builder b, Var x, int axis, int numSplits) {
        return b.op("split").input("x", x).input("axis", TensorValue.scalar(axis))
                .input("num_splits", TensorValue.scalar(numSplits)).outputs();
    }

    /** {@code split} of {@code x} along {@code axis} into parts of the given sizes (the axis bound first). */
    public static List<Var> splitAlong(Builder b, Var x, int axis, int[] sizes) {
        return b.op("split").input("x", x).input("axis", TensorValue.scalar(axis))
                .input("split_sizes", TensorValue.vector(sizes)).outputs();
    }

    /** Constant padding by {@code pad}, with {@code constant} (of the dtype of {@code x}) or the op's default 0. */
    public static Var pad(Builder b, Var x, int[] pad, Optional<TensorValue> constant) {
        Builder.OpBuilder op = b.op("pad").input("x", x).input("pad", TensorValue.vector(pad));
        return (constant.isPresent() ? op.input("constant_val", constant.get()) : op).output();
    }

    /** Padding in {@code mode} (constant, reflect or replicate); constant padding fills a scalar of x's dtype. */
    public static Var pad(Builder b, Var x, int[] pad, String mode, double constant) {
        Builder.OpBuilder op = b.op("pad").input("x", x).input("pad", TensorValue.vector(pad))
                .input("mode", TensorValue.scalar(mode));
        return (mode.equals("constant") ? op.input("constant_val", Scalars.like(x, constant)) : op).output();
    }

    /** {@code topk} with the op's default order (largest first): values and int32 indices. */
    public static TopK topk(Builder b, Var x, int k, int axis) {
        List<Var> out = b.op("topk").input("x", x).input("k", TensorValue.scalar(k))
                .input("axis", TensorValue.scalar(axis)).outputs();
        return new TopK(out.get(0), out.get(1));
    }

    /** {@code gather} along {@code axis} with {@code batchDims} leading batch dims (none when 0). */
    public static Var gather(Builder b, Var x, Var indices, int axis, int batchDims) {
        Builder.OpBuilder op = b.op("gather").input("x", x).input("indices", indices)
                .input("axis", TensorValue.scalar(axis));
        return (batchDims == 0 ? op : op.input("batch_dims", TensorValue.scalar(batchDims))).output();
    }

    /** {@code gather_nd} with {@code batchDims} leading batch dims (iOS16; none when 0). */
    public static Var gatherNd(Builder b, Var x, Var indices, int batchDims) {
        Builder.OpBuilder op = b.op("gather_nd").input("x", x).input("indices", indices);
        return (batchDims == 0 ? op : op.input("batch_dims", TensorValue.scalar(batchDims))).output();
    }

    /**
     * {@code slice_by_index} with strides and masks; the squeeze mask is bound only when it squeezes a dim (the
     * masks hold one entry per dim of {@code x}).
     */
    public static Var sliceByIndex(Builder b, Var x, int[] begin, int[] end, int[] stride, boolean[] beginMask,
            boolean[] endMask, boolean[] squeezeMask) {
        Shape masks = Shape.of(begin.length);
        Builder.OpBuilder op = b.op("slice_by_index").input("x", x).input("begin", TensorValue.vector(begin))
                .input("end", TensorValue.vector(end)).input("stride", TensorValue.vector(stride))
                .input("begin_mask", TensorValue.ofBools(masks, beginMask))
                .input("end_mask", TensorValue.ofBools(masks, endMask));
        for (boolean squeeze : squeezeMask) {
            if (squeeze) {
                return op.input("squeeze_mask", TensorValue.ofBools(masks, squeezeMask)).output();
            }
        }
        return op.output();
    }

    /** {@code one_hot} with a run-time depth and on/off values of any dtype. */
    public static Var oneHot(Builder b, Var indices, Var depth, int axis, TensorValue onValue, TensorValue offValue) {
        return b.op("one_hot").input("indices", indices).input("one_hot_vector_size", depth)
                .input("axis", TensorValue.scalar(axis)).input("on_value", onValue).input("off_value", offValue)
                .output();
    }

    /** {@code gather} of the given constant indices along {@code axis}. */
    public static Var gather(Builder b, Var x, int[] indices, int axis) {
        return b.op("gather").input("x", x).input("indices", TensorValue.vector(indices))
                .input("axis", TensorValue.scalar(axis)).output();
    }

    /** {@code slice_by_size} of {@code x} along one axis, elements {@code [start, end)}; every other axis whole. */
    public static Var sliceAlong(Builder b, Var x, int axis, int start, int end) {
        int rank = x.tensorType().rank();
        int[] begin = new int[rank];
        int[] size = new int[rank];
        Arrays.fill(size, -1);
        begin[axis] = start;
        size[axis] = end - start;
        return sliceBySize(b, x, begin, size);
    }
}
