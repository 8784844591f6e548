package dev.mil4j.ops.elementwise;

import static dev.mil4j.ops.MathTesting.bools;
import static dev.mil4j.ops.MathTesting.error;
import static dev.mil4j.ops.MathTesting.floats;
import static dev.mil4j.ops.MathTesting.fold;
import static dev.mil4j.ops.MathTesting.halfs;
import static dev.mil4j.ops.MathTesting.ints;
import static dev.mil4j.ops.MathTesting.type;
import static dev.mil4j.ops.MathTesting.values;
import static org.assertj.core.api.Assertions.assertThat;
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

class ElementwiseBinaryOpsTest {
    private static final TensorType X = TensorType.of(DType.FP32, Dim.symbol("B"), Dim.of(1), Dim.of(4));
    private static final TensorType Y = TensorType.of(DType.FP32, 3, 1);

    static Stream<Arguments> folds() {
        return Stream.of(
                arguments("add", floats(1, 2), floats(10, 20), floats(11, 22)),
                arguments("add", ints(1, 2, 3), TensorValue.scalar(10), ints(11, 12, 13)),
                arguments("add", halfs(1, 2048), halfs(0.5f, 1), halfs(1.5f, 2048)),
                arguments("add", ints(Integer.MAX_VALUE), ints(1), ints(Integer.MIN_VALUE)),
                arguments("sub", floats(1, 2), floats(0.5f, 4), floats(0.5f, -2)),
                arguments("mul", ints(3, -4), ints(5, 6), ints(15, -24)),
                arguments("real_div", floats(1, 3), floats(2, 2), floats(0.5f, 1.5f)),
                arguments("real_div", ints(7, -7), ints(2, 2), ints(3, -3)),
                arguments("floor_div", ints(7, -7), ints(2, 2), ints(3, -4)),
                arguments("floor_div", floats(7.5f, -7.5f), floats(2, 2), floats(3, -4)),
                arguments("mod", ints(7, -7), ints(3, 3), ints(1, 2)),
                arguments("mod", floats(5.5f, -5.5f), floats(2, 2), floats(1.5f, 0.5f)),
                arguments("pow", ints(2, 3, 5), ints(10, 2, 0), ints(1024, 9, 1)),
                arguments("pow", floats(4, 2), floats(0.5f, -1), floats(2, 0.5f)),
                arguments("maximum", floats(1, 5), floats(3, 2), floats(3, 5)),
                arguments("minimum", ints(1, 5), ints(3, 2), ints(1, 2)),
                arguments("equal", ints(1, 2), ints(1, 3), bools(true, false)),
                arguments("not_equal", floats(1, 2), floats(1, 3), bools(false, true)),
                arguments("less", ints(1, 2, 3), ints(2), bools(true, false, false)),
                arguments("less_equal", ints(1, 2, 3), ints(2), bools(true, true, false)),
                arguments("greater", floats(1, 2, 3), floats(2), bools(false, false, true)),
                arguments("greater_equal", floats(1, 2, Float.NaN), floats(2), bools(false, true, false)),
                arguments("logical_and", bools(true, true, false), bools(true, false, false),
                        bools(true, false, false)),
                arguments("logical_or", bools(true, true, false), bools(true, false, false),
                        bools(true, true, false)),
                arguments("logical_xor", bools(true, true, false), bools(true, false, false),
                        bools(false, true, false)));
    }

    @ParameterizedTest(name = "{0}({1}, {2})")
    @MethodSource("folds")
    void foldsConstInputs(String op, TensorValue x, TensorValue y, TensorValue expected) {
        assertThat(fold(op, "x", x, "y", y)).isEqualTo(expected);
    }

    @Test
    void broadcastsValues() {
        TensorValue x = floats(Shape.of(2, 1), 1, 2);
        TensorValue y = floats(10, 20, 30);
        assertThat(fold("add", "x", x, "y", y)).isEqualTo(floats(Shape.of(2, 3), 11, 21, 31, 12, 22, 32));
    }

    @Test
    void broadcastsSymbolicShapes() {
        assertThat(type("mul", "x", X, "y", Y)).isEqualTo("fp32[B, 3, 4]");
        assertThat(type("less", "x", X, "y", Y)).isEqualTo("bool[B, 3, 4]");
        assertThat(type("add", "x", TensorType.scalar(DType.INT32), "y", TensorType.of(DType.INT32, Dim.symbol("N"))))
                .isEqualTo("int32[N]");
    }

    @Test
    void doesNotFoldWithoutBothValuesOrOnIntegerDivisionByZero() {
        assertThat(values(Opset.IOS15, "add", "x", X, "y", floats(1))).isEmpty();
        assertThat(values(Opset.IOS15, "real_div", "x", ints(1, 2), "y", ints(1, 0))).isEmpty();
        assertThat(values(Opset.IOS15, "floor_div", "x", ints(1), "y", ints(0))).isEmpty();
        assertThat(values(Opset.IOS15, "mod", "x", ints(1), "y", ints(0))).isEmpty();
        assertThat(values(Opset.IOS15, "pow", "x", ints(2), "y", ints(-1))).isEmpty();
        assertThat(fold("real_div", "x", floats(1), "y", floats(0))).isEqualTo(floats(Float.POSITIVE_INFINITY));
    }

    @Test
    void reportsBadInputs() {
        assertThat(error("add", "x", TensorType.of(DType.FP32, 2), "y", TensorType.of(DType.FP32, 3)))
                .isEqualTo("`add`: shapes [2] and [3] do not broadcast: 2 vs 3");
        assertThat(error("add", "x", TensorType.of(DType.FP32, 2), "y", TensorType.of(DType.FP16, 2)))
                .isEqualTo("`add` input `y` has dtype fp16, but `x` has fp32 and both are in type domain T");
        assertThat(error("logical_and", "x", TensorType.of(DType.FP32, 2), "y", TensorType.of(DType.FP32, 2)))
                .isEqualTo("`logical_and` input `x` has dtype fp32, but type domain T allows only bool");
        assertThat(error("greater", "x", TensorType.of(DType.BOOL, 2), "y", TensorType.of(DType.BOOL, 2)))
                .isEqualTo("`greater` input `x` has dtype bool, but type domain T allows only int32, fp16, fp32");
        assertThat(error("sub", "x", TensorType.of(DType.FP32, 2)))
                .isEqualTo("`sub` input `y` is required but missing");
    }
}
