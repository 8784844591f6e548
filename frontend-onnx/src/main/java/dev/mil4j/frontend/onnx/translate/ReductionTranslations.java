package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxTranslation;
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
