package dev.mil4j.ops.elementwise;

import static dev.mil4j.ops.MathTesting.bools;
import static dev.mil4j.ops.MathTesting.error;
import static dev.mil4j.ops.MathTesting.floats;
import static dev.mil4j.ops.MathTesting.fold;
import static dev.mil4j.ops.MathTesting.halfs;
import static dev.mil4j.ops.MathTesting.ints;
import static dev.mil4j.ops.MathTesting.type;
import static dev.mil4j.ops.MathTesting.types;
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

class ElementwiseUnaryOpsTest {
    private static final TensorType SYMBOLIC = TensorType.of(DType.FP16, Dim.symbol("B"), Dim.of(8));
    private static final TensorType TYPE_ONLY = TensorType.scalar(DType.FP32);

    static Stream<Arguments> exactFolds() {
        return Stream.of(
                arguments("abs", floats(-1.5f, 2), floats(1.5f, 2)),
                arguments("abs", ints(-3, 4), ints(3, 4)),
                arguments("ceil", floats(-1.5f, 1.2f), floats(-1, 2)),
                arguments("floor", floats(-1.5f, 1.2f), floats(-2, 1)),
                arguments("round", floats(0.5f, 1.5f, 2.5f, -0.5f, 2.6f), floats(0, 2, 2, -0f, 3)),
                arguments("sign", floats(-2, 0, 3), floats(-1, 0, 1)),
                arguments("sign", ints(-2, 0, 3), ints(-1, 0, 1)),
                arguments("sqrt", floats(4, 2.25f), floats(2, 1.5f)),
                arguments("square", ints(-3, 4), ints(9, 16)),
                arguments("square", halfs(1.5f), halfs(2.25f)),
                arguments("exp", floats(0), floats(1)),
                arguments("exp2", floats(3, -1), floats(8, 0.5f)),
                arguments("exp2", ints(0, 5), ints(1, 32)),
                arguments("logical_not", bools(true, false), bools(false, true)));
    }

    @ParameterizedTest(name = "{0}({1})")
    @MethodSource("exactFolds")
    void foldsConstInputs(String op, TensorValue x, TensorValue expected) {
        assertThat(fold(op, "x", x)).isEqualTo(expected);
    }

    static Stream<Arguments> approximateFolds() {
        return Stream.of(
                arguments("sin", 0.5, Math.sin(0.5)),
                arguments("cos", 0.5, Math.cos(0.5)),
                arguments("tan", 0.5, Math.tan(0.5)),
                arguments("tanh", 0.5, Math.tanh(0.5)),
                arguments("asin", 0.5, Math.PI / 6),
                arguments("acos", 0.5, Math.PI / 3),
                arguments("atan", 1, Math.PI / 4),
                arguments("atanh", 0.5, 0.5493061443340549),
                arguments("sinh", 1, Math.sinh(1)),
                arguments("cosh", 1, Math.cosh(1)),
                arguments("erf", 0.5, 0.5204998778130465),
                arguments("erf", -1, -0.8427007929497149),
                arguments("erf", 3, 0.9999779095030014),
                arguments("log", Math.E, 1),
                arguments("rsqrt", 4, 0.5),
                arguments("inverse", 4, 0.25 - 0.25 * 0.25 * 1e-4));
    }

    @ParameterizedTest(name = "{0}({1})")
    @MethodSource("approximateFolds")
    void foldsTranscendentalFunctions(String op, double x, double expected) {
        TensorValue r = fold(op, "x", floats((float) x));
        assertThat(r.dtype()).isEqualTo(DType.FP32);
        assertThat(r.getDouble(0)).isCloseTo(expected, within(1e-6));
    }

    @Test
    void keepsShapeAndDtype() {
        assertThat(type("sqrt", "x", SYMBOLIC)).isEqualTo("fp16[B, 8]");
        assertThat(type("abs", "x", TensorType.of(DType.INT32, 2))).isEqualTo("int32[2]");
        assertThat(type("logical_not", "x", TensorType.of(DType.BOOL, 3))).isEqualTo("bool[3]");
        assertThat(type("clip", "x", SYMBOLIC, "alpha", halfs(0).reshape(Shape.scalar()),
                "beta", TensorValue.fromDoubles(DType.FP16, Shape.scalar(), 6)))
                .isEqualTo("fp16[B, 8]");
    }

    @Test
    void epsilonDefaultsToTheDtypeOfXAndMayDifferFromIos17() {
        assertThat(fold("log", "x", halfs(1)).getDouble(0)).isEqualTo(0);
        assertThat(fold("rsqrt", "x", floats(4), "epsilon", TensorValue.scalar(5f))).isEqualTo(floats(1f / 3));
        TensorValue fp32Eps = TensorValue.scalar(0.5f);
        assertThat(error("inverse", "x", halfs(1), "epsilon", fp32Eps))
                .isEqualTo("`inverse` input `epsilon` has dtype fp32, but `x` has fp16 and both are in type domain T");
        assertThat(fold(Opset.IOS17, "inverse", "x", halfs(1.5f), "epsilon", fp32Eps)).isEqualTo(halfs(0.5f));
        assertThat(error("log", "x", floats(1), "epsilon", TYPE_ONLY))
                .isEqualTo("`log` input `epsilon` must be const");
    }

    @Test
    void clipAndThresholdBoundValues() {
        TensorValue x = floats(-1, 3, 9);
        assertThat(fold("clip", "x", x, "alpha", TensorValue.scalar(0f), "beta", TensorValue.scalar(6f)))
                .isEqualTo(floats(0, 3, 6));
        assertThat(fold("threshold", "x", ints(-1, 3), "alpha", TensorValue.scalar(0))).isEqualTo(ints(0, 3));
        assertThat(fold("clip", "x", x, "alpha", TensorValue.scalar(6f), "beta", TensorValue.scalar(0f)))
                .isEqualTo(floats(0, 0, 0));
        assertThat(error(Opset.IOS17, "clip", "x", x, "alpha", TensorValue.scalar(6f), "beta", TensorValue.scalar(0f)))
                .isEqualTo("`clip` input `alpha` is 6, but must be smaller than `beta` (0)");
        assertThat(error("clip", "x", x, "alpha", floats(0, 1), "beta", TensorValue.scalar(6f)))
                .isEqualTo("`clip` input `alpha` must be a scalar, got fp32[2]");
    }

    @Test
    void rejectsDtypesOutsideTheDomain() {
        assertThat(error("sqrt", "x", TensorType.of(DType.INT32, 2)))
                .isEqualTo("`sqrt` input `x` has dtype int32, but type domain T allows only fp16, fp32");
        assertThat(error("logical_not", "x", TensorType.of(DType.FP32, 2)))
                .isEqualTo("`logical_not` input `x` has dtype fp32, but type domain T allows only bool");
        assertThat(types("exp2", "x", TensorType.of(DType.INT32, 2))).hasSize(1);
    }
}
