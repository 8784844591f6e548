package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxTranslation;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ReductionOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reductions ({@code axes} an attribute until opset 13 for {@code ReduceSum} and 18 for the others, an input after;
 * {@code keepdims} default 1) and {@code ArgMax}/{@code ArgMin} ({@code select_last_index}: the first index in the
 * reversed axis, counted from the end).
 */
final class ReductionTranslations {
    private ReductionTranslations() {
    }

    private static final String[][] REDUCTIONS = {
        {"ReduceL1", "reduce_l1_norm"},
        {"ReduceL2", "reduce_l2_norm"},
        {"ReduceLogSum", "reduce_log_sum"},
        {"ReduceLogSumExp", "reduce_log_sum_exp"},
        {"ReduceMax", "reduce_max"},
        {"ReduceMean", "reduce_mean"},
        {"ReduceMin", "reduce_min"},
        {"ReduceProd", "reduce_prod"},
        {"ReduceSum", "reduce_sum"},
        {"ReduceSumSquare", "reduce_sum_square"},
    };

    static List<TranslationContribution> all() {
        List<TranslationContribution> out = new ArrayList<>();
        out.add(OnnxTranslations.of("ArgMax", 1, arg(true)));
        out.add(OnnxTranslations.of("ArgMin", 1, arg(false)));
        for (String[] r : REDUCTIONS) {
            out.add(OnnxTranslations.of(r[0], 1, reduce(r[1], false)));
            out.add(OnnxTranslations.of(r[0], r[0].equals("ReduceSum") ? 13 : 18, reduce(r[1], true)));
        }
        return List.copyOf(out);
    }

    private static OnnxTranslation reduce(String mil, boolean axesInput) {
        return (n, c) -> {
            Var x = c.input(0);
            // an axes input of static length 0 is empty whatever computes it
            boolean emptyInput = axesInput && c.hasInput(1)
                    && c.input(1).tensorType().shape().elementCount().orElse(-1) == 0;
            if (axesInput && c.hasInput(1) && !emptyInput && c.constInput(1).isEmpty()) {
                return List.of(runtimeAxes(c, mil, x, c.input(1), n.intAttribute("keepdims", 1) != 0));
            }
            Optional<long[]> axes = axesInput
                    ? c.hasInput(1) && !emptyInput ? Optional.of(c.constInput(1, "axes").toLongArray())
                            : Optional.empty()
                    : n.intsAttribute("axes");
            if (axes.isPresent() && axes.get().length == 0) {
                axes = Optional.empty();
            }
            if (axes.isEmpty() && n.intAttribute("noop_with_empty_axes", 0) != 0) {
                return List.of(x);
            }
            int[] milAxes = axes.isPresent() ? c.axes(axes.get(), x.tensorType().rank()) : new int[0];
            return List.of(ReductionOps.reduce(c.builder(), mil, x, n.intAttribute("keepdims", 1) != 0, milAxes));
        };
    }

    /**
     * A reduction over axes known only at run time (their number static): every dim in turn is reduced (kept as 1)
     * and {@code select}ed back over the input where the axes name it, which broadcasts the result along that dim;
     * a {@code slice_by_index} to 1 along the named dims then keeps one copy, and without {@code keepdims} those
     * dims are squeezed as {@code Squeeze} with run-time axes does. Reductions that do not compose dim by dim are
     * rewritten first: {@code reduce_sum_square} squares and sums, {@code reduce_log_sum} sums and takes the log.
     */
    private static Var runtimeAxes(OnnxTranslationContext c, String mil, Var x, Var axes, boolean keepDims) {
        Builder b = c.builder();
        int rank = x.tensorType().rank();
        String op = switch (mil) {
            case "reduce_sum_square", "reduce_log_sum" -> "reduce_sum";
            default -> mil;
        };
        Var y = mil.equals("reduce_sum_square") ? MathOps.mul(b, x, x) : x;
        Var a = axes.tensorType().dtype() == DType.INT32 ? axes : MathOps.cast(b, axes, DType.INT32);
        a = TensorOps.reshape(b, a, -1);
        Var zero = b.constant(TensorValue.scalar(0));
        a = TensorOps.select(b, MathOps.less(b, a, zero), MathOps.add(b, a, b.constant(TensorValue.scalar(rank))), a);
        List<Var> ends = new ArrayList<>();
        Var shape = MathOps.shape(b, x);
        for (int i = 0; i < rank; i++) {
            Var named = ReductionOps.reduce(b, "reduce_max", MathOps.cast(b, MathOps.equal(b, a,
                    b.constant(TensorValue.scalar(i))), DType.INT32), false, 0);
            Var reduced = MathOps.greater(b, named, zero);
            y = TensorOps.select(b, reduced, ReductionOps.reduce(b, op, y, true, i), y);
            ends.add(TensorOps.reshape(b, TensorOps.select(b, reduced, b.constant(TensorValue.scalar(1)),
                    TensorOps.gather(b, shape, b.constant(TensorValue.scalar(i)), 0)), 1));
        }
        y = TensorOps.sliceByIndex(b, y, b.constant(TensorValue.vector(new int[rank])), TensorOps.concat(b, ends, 0));
        if (mil.equals("reduce_log_sum")) {
            y = MathOps.log(b, y);
        }
        return keepDims ? y : ShapeTranslations.runtimeSqueeze(c, y, axes);
    }

    private static OnnxTranslation arg(boolean argmax) {
        return (n, c) -> {
            Var x = c.input(0);
            int axis = c.axis(n.intAttribute("axis", 0), x.tensorType().rank());
            boolean keepDims = n.intAttribute("keepdims", 1) != 0;
            boolean last = n.intAttribute("select_last_index", 0) != 0;
            Builder b = c.builder();
            // the last of ties: the first in the reversed axis, counted from the end
            Var in = last ? TensorOps.reverse(b, x, axis) : x;
            Var index = argmax ? ReductionOps.reduceArgmax(b, in, axis, keepDims)
                    : ReductionOps.reduceArgmin(b, in, axis, keepDims);
            if (!last) {
                return List.of(index);
            }
            Dim size = x.tensorType().shape().dim(axis);
            Var end = size.isKnown() ? b.constant(TensorValue.scalar((int) size.size() - 1))
                    : MathOps.add(b, TensorOps.gather(b, MathOps.shape(b, x), b.constant(TensorValue.scalar(axis)), 0),
                            -1);
            return List.of(MathOps.sub(b, end, index));
        };
    }
}
