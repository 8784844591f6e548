package dev.mil4j.frontend.onnx.translate;

import static dev.mil4j.frontend.onnx.translate.Emit.one;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxTranslation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reductions ({@code axes} an attribute until opset 13 for {@code ReduceSum} and 18 for the others, an input after;
 * {@code keepdims} default 1) and {@code ArgMax}/{@code ArgMin}.
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

    static List<Builtin> all() {
        List<Builtin> out = new ArrayList<>();
        out.add(Builtin.of("ArgMax", 1, arg("reduce_argmax")));
        out.add(Builtin.of("ArgMin", 1, arg("reduce_argmin")));
        for (String[] r : REDUCTIONS) {
            out.add(Builtin.of(r[0], 1, reduce(r[1], false)));
            out.add(Builtin.of(r[0], r[0].equals("ReduceSum") ? 13 : 18, reduce(r[1], true)));
        }
        return List.copyOf(out);
    }

    private static OnnxTranslation reduce(String mil, boolean axesInput) {
        return (n, c) -> {
            Var x = c.input(0);
            Optional<long[]> axes = axesInput
                    ? c.hasInput(1) ? Optional.of(Emit.longs(c.constInput(1, "axes"))) : Optional.empty()
                    : n.intsAttribute("axes");
            if (axes.isPresent() && axes.get().length == 0) {
                axes = Optional.empty();
            }
            if (axes.isEmpty() && n.intAttribute("noop_with_empty_axes", 0) != 0) {
                return one(x);
            }
            Builder.OpBuilder op = c.builder().op(mil).input("x", x)
                    .input("keep_dims", TensorValue.scalar(n.intAttribute("keepdims", 1) != 0));
            axes.ifPresent(a -> op.input("axes", TensorValue.vector(Emit.axes(c, a, Emit.rank(x)))));
            return one(op.output());
        };
    }

    private static OnnxTranslation arg(String mil) {
        return (n, c) -> {
            if (n.intAttribute("select_last_index", 0) != 0) {
                throw c.error("selects the last index of ties (select_last_index=1), which MIL does not support");
            }
            Var x = c.input(0);
            return one(c.builder().op(mil).input("x", x)
                    .input("axis", TensorValue.scalar(Emit.axis(c, n.intAttribute("axis", 0), Emit.rank(x))))
                    .input("keep_dims", TensorValue.scalar(n.intAttribute("keepdims", 1) != 0)).output());
        };
    }
}
