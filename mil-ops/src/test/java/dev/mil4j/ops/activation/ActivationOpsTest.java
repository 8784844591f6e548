package dev.mil4j.ops.activation;

import static dev.mil4j.ops.MathTesting.error;
import static dev.mil4j.ops.MathTesting.floats;
import static dev.mil4j.ops.MathTesting.fold;
import static dev.mil4j.ops.MathTesting.halfs;
import static dev.mil4j.ops.MathTesting.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationOpsTest {
    private static final TensorValue X = floats(-2, 0, 3);
    private static final TensorValue ALPHA = TensorValue.scalar(0.5f);
    private static final TensorValue BETA = TensorValue.scalar(2f);

    static Stream<Arguments> folds() {
        double s1 = 1 / (1 + Math.exp(2));
        double s3 = 1 / (1 + Math.exp(-3));
        return Stream.of(
                arguments("relu", new Object[] {}, new double[] {0, 0, 3}),
                arguments("relu6", new Object[] {}, new double[] {0, 0, 3}),
                arguments("sigmoid", new Object[] {}, new double[] {s1, 0.5, s3}),
                arguments("silu", new Object[] {}, new double[] {-2 * s1, 0, 3 * s3}),
                arguments("softplus", new Object[] {}, new double[] {Math.log1p(Math.exp(-2)), Math.log(2),
                        Math.log1p(Math.exp(3))}),
                arguments("softsign", new Object[] {}, new double[] {-2.0 / 3, 0, 0.75}),
                arguments("leaky_relu", new Object[] {"alpha", ALPHA}, new double[] {-1, 0, 3}),
                arguments("elu", new Object[] {"alpha", ALPHA}, new double[] {0.5 * Math.expm1(-2), 0, 3}),
                arguments("thresholded_relu", new Object[] {"alpha", BETA}, new double[] {0, 0, 3}),
                arguments("clamped_relu", new Object[] {"alpha", ALPHA, "beta", BETA}, new double[] {-1, 0, 2}),
                arguments("sigmoid_hard", new Object[] {"alpha", ALPHA, "beta", ALPHA}, new double[] {0, 0.5, 1}),
                arguments("scaled_tanh", new Object[] {"alpha", BETA, "beta", ALPHA},
                        new double[] {2 * Math.tanh(-1), 0, 2 * Math.tanh(1.5)}),
                arguments("linear_activation", new Object[] {"alpha", ALPHA, "beta", BETA}, new double[] {1, 2, 3.5}),
                arguments("gelu", new Object[] {}, new double[] {-0.04550026389635842, 0, 2.995950077720736}),
                arguments("gelu", new Object[] {"mode", TensorValue.scalar("TANH_APPROXIMATION")},
                        new double[] {-0.04540230591222, 0, 2.99636300329}),
                arguments("gelu", new Object[] {"mode", TensorValue.scalar("SIGMOID_APPROXIMATION")},
                        new double[] {-2 / (1 + Math.exp(3.404)), 0, 3 / (1 + Math.exp(-5.106))}),
                arguments("softmax", new Object[] {}, softmax(-2, 0, 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folds")
    void foldsConstInputs(String op, Object[] params, double[] expected) {
        Object[] inputs = new Object[params.length + 2];
        inputs[0] = "x";
        inputs[1] = X;
        System.arraycopy(params, 0, inputs, 2, params.length);
        TensorValue r = fold(op, inputs);
        assertThat(r.type()).isEqualTo(X.type());
        for (int i = 0; i < expected.length; i++) {
            assertThat(r.getDouble(i)).as("%s[%d]", op, i).isCloseTo(expected[i], within(1e-6));
        }
    }

    private static double[] softmax(double... x) {
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v);
        }
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = Math.exp(x[i]) / sum;
        }
        return r;
    }

    @Test
    void softmaxWorksAlongTheGivenAxis() {
        TensorValue x = floats(Shape.of(2, 2), 0, 0, 1, 3);
        TensorValue r = fold("softmax", "x", x, "axis", TensorValue.scalar(0));
        double a = 1 / (1 + Math.E);
        double b = 1 / (1 + Math.exp(3));
        assertThat(r.toDoubleArray()).containsExactly(new double[] {a, b, 1 - a, 1 - b}, within(1e-7));
        assertThat(type("softmax", "x", TensorType.of(DType.FP16, Dim.symbol("B"), Dim.of(10))))
                .isEqualTo("fp16[B, 10]");
        assertThat(error("softmax", "x", x, "axis", TensorValue.scalar(2)))
                .isEqualTo("`softmax` input `axis` is 2, out of range for rank 2 of `x`");
    }

    @Test
    void geluRejectsUnknownModes() {
        assertThat(error("gelu", "x", X, "mode", TensorValue.scalar("FAST")))
                .isEqualTo("`gelu` input `mode` is \"FAST\", but must be one of EXACT, TANH_APPROXIMATION, "
                        + "SIGMOID_APPROXIMATION");
    }

    @Test
    void ios17ParametersMayHaveAnotherFloatDtype() {
        Object[] inputs = {"x", halfs(-2, 4), "alpha", ALPHA};
        assertThat(error("leaky_relu", inputs))
                .isEqualTo("`leaky_relu` input `alpha` has dtype fp32, but `x` has fp16 and both are in type domain T");
        assertThat(fold(Opset.IOS17, "leaky_relu", inputs)).isEqualTo(halfs(-1, 4));
        assertThat(error("elu", "x", X)).isEqualTo("`elu` input `alpha` is required but missing");
    }

    @Test
    void preluScalesNegativesPerChannel() {
        TensorValue x = floats(Shape.of(1, 2, 1, 2), -1, 2, -3, 4);
        TensorValue alpha = floats(0.5f, 2);
        assertThat(fold("prelu", "x", x, "alpha", alpha)).isEqualTo(floats(Shape.of(1, 2, 1, 2), -0.5f, 2, -6, 4));
        TensorType symbolic = TensorType.of(DType.FP32, Dim.symbol("B"), Dim.of(2), Dim.symbol("H"), Dim.of(5));
        assertThat(type("prelu", "x", symbolic, "alpha", alpha)).isEqualTo("fp32[B, 2, H, 5]");
        assertThat(error("prelu", "x", TensorType.of(DType.FP32, 1, 3, 4, 4), "alpha", alpha))
                .isEqualTo("`prelu` input `alpha` has 2 values, but `x` has 3 channels (dim 1)");
        assertThat(error("prelu", "x", TensorType.of(DType.FP32, 2, 2), "alpha", alpha))
                .isEqualTo("`prelu` input `x` must have rank 3, 4 or 5 ([B, C, ...]), got fp32[2, 2]");
        assertThat(error("prelu", "x", TensorType.of(DType.FP32, 1, 2, 4), "alpha", alpha))
                .isEqualTo("`prelu` input `alpha` must hold one repeated value for a rank 3 `x`, got different values");
        assertThat(error("prelu", "x", TensorType.of(DType.FP32, 1, 2, 4, 4), "alpha", TensorType.of(DType.FP32, 2)))
                .isEqualTo("`prelu` input `alpha` must be const");
    }

    @Test
    void softplusParametricScalesPerChannel() {
        TensorValue x = floats(Shape.of(1, 2, 1), 0, 1);
        TensorValue r = fold("softplus_parametric", "x", x, "alpha", floats(2, 3), "beta", floats(1, -1));
        assertThat(r.toDoubleArray()).containsExactly(new double[] {2 * Math.log(2), 3 * Math.log1p(Math.exp(-1))},
                within(1e-6));
        assertThat(error("softplus_parametric", "x", TensorType.of(DType.FP32, 1, 3, 2), "alpha", floats(2, 3), "beta",
                floats(1, 1, 1))).isEqualTo("`softplus_parametric` input `alpha` has 2 values, but `x` has 3 channels "
                        + "(dim 1)");
        assertThat(error("softplus_parametric", "x", TensorType.of(DType.FP32, 1, 3), "alpha", floats(2, 3, 4),
                "beta", floats(1, 1, 1)))
                .isEqualTo("`softplus_parametric` input `x` must have rank 3 or more ([B, C, ...]), got fp32[1, 3]");
    }
}
