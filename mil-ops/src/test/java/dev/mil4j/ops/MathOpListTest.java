package dev.mil4j.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MathOpListTest {
    private static final List<String> IOS15_OPS = List.of(
            // basic
            "identity", "cast", "shape", "fill", "range_1d", "random_uniform", "random_normal",
            // elementwise binary
            "add", "sub", "mul", "real_div", "floor_div", "mod", "pow", "maximum", "minimum", "equal", "not_equal",
            "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or", "logical_xor",
            // elementwise unary
            "abs", "acos", "asin", "atan", "atanh", "ceil", "cos", "cosh", "erf", "exp", "exp2", "floor", "inverse",
            "log", "logical_not", "round", "rsqrt", "sign", "sin", "sinh", "sqrt", "square", "tan", "tanh", "clip",
            "threshold",
            // activations
            "relu", "relu6", "leaky_relu", "elu", "gelu", "sigmoid", "sigmoid_hard", "silu", "softplus", "softsign",
            "softmax", "prelu", "scaled_tanh", "linear_activation", "clamped_relu", "thresholded_relu",
            "softplus_parametric",
            // reductions
            "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_argmax", "reduce_argmin",
            "reduce_l1_norm", "reduce_l2_norm", "reduce_log_sum", "reduce_log_sum_exp", "reduce_sum_square");

    private static final List<String> IOS17_OPS = List.of("cast", "clip", "inverse", "log", "rsqrt", "elu",
            "leaky_relu", "linear_activation", "prelu", "scaled_tanh", "sigmoid_hard", "clamped_relu",
            "thresholded_relu", "softplus_parametric", "reduce_argmax", "reduce_argmin");

    @Test
    void listsEveryMathOpOnceAtIos15() {
        List<String> ios15 = MathOpList.definitions().stream().filter(d -> d.since() == Opset.IOS15)
                .map(OpDef::name).toList();
        assertThat(ios15).containsExactlyInAnyOrderElementsOf(IOS15_OPS);
    }

    @Test
    void listsTheIos17VersionsWhereCoreMlChangedTheDefinition() {
        List<String> ios17 = MathOpList.definitions().stream().filter(d -> d.since() == Opset.IOS17)
                .map(OpDef::name).toList();
        assertThat(ios17).containsExactlyInAnyOrderElementsOf(IOS17_OPS);
        assertThat(MathOpList.definitions()).allMatch(d -> d.since() == Opset.IOS15 || d.since() == Opset.IOS17);
    }

    @Test
    void isSortedByNameAndVersion() {
        assertThat(MathOpList.definitions()).isSortedAccordingTo(
                Comparator.comparing(OpDef::name).thenComparing(OpDef::since));
    }

    @Test
    void registryPicksTheNewestVersionNotAboveTheTarget() {
        for (String op : IOS17_OPS) {
            assertThat(MathTesting.def(op, Opset.IOS16).since()).as(op).isEqualTo(Opset.IOS15);
            assertThat(MathTesting.def(op, Opset.IOS18).since()).as(op).isEqualTo(Opset.IOS17);
        }
    }

    @Test
    void everyDefinitionHasAClassNamedAfterTheOp() {
        String mismatches = MathOpList.definitions().stream()
                .filter(d -> !d.getClass().getSimpleName().equalsIgnoreCase(d.name().replace("_", "") + "Op"))
                .map(d -> d.name() + " -> " + d.getClass().getSimpleName())
                .collect(Collectors.joining(", "));
        assertThat(mismatches).isEmpty();
    }
}
