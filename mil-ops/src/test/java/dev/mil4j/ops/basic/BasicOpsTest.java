package dev.mil4j.ops.basic;

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
import dev.mil4j.core.types.ListType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.MathTesting;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BasicOpsTest {
    private static final TensorType SYMBOLIC = TensorType.of(DType.FP32, Dim.symbol("B"), Dim.of(3));

    @Test
    void identityPassesTypesAndValuesThrough() {
        assertThat(type("identity", "x", SYMBOLIC)).isEqualTo("fp32[B, 3]");
        assertThat(fold("identity", "x", ints(1, 2))).isEqualTo(ints(1, 2));
        ListType list = new ListType(TensorType.of(DType.FP32, 2), Dim.symbol("N"));
        assertThat(MathTesting.types("identity", "x", list)).containsExactly(list);
    }

    static Stream<Arguments> casts() {
        return Stream.of(
                arguments(Opset.IOS15, floats(1.7f, -1.7f), "int32", ints(1, -1)),
                arguments(Opset.IOS15, ints(0, 3), "bool", bools(false, true)),
                arguments(Opset.IOS15, bools(true, false), "fp16", halfs(1, 0)),
                arguments(Opset.IOS15, floats(1.5f), "fp16", halfs(1.5f)),
                arguments(Opset.IOS17, ints(300, -1), "uint8",
                        TensorValue.fromLongs(DType.UINT8, Shape.of(2), 44, 255)),
                arguments(Opset.IOS17, TensorValue.fromLongs(DType.INT16, Shape.of(1), -5), "fp32", floats(-5)));
    }

    @ParameterizedTest(name = "{0} cast({1}, {2})")
    @MethodSource("casts")
    void castFoldsConstInputs(Opset opset, TensorValue x, String dtype, TensorValue expected) {
        assertThat(fold(opset, "cast", "x", x, "dtype", TensorValue.scalar(dtype))).isEqualTo(expected);
    }

    @Test
    void castChecksTheTargetDtype() {
        assertThat(type("cast", "x", SYMBOLIC, "dtype", TensorValue.scalar("fp16"))).isEqualTo("fp16[B, 3]");
        assertThat(error("cast", "x", SYMBOLIC, "dtype", TensorValue.scalar("int8")))
                .isEqualTo("`cast` input `dtype` is \"int8\", but must be one of bool, int32, fp16, fp32");
        assertThat(error(Opset.IOS17, "cast", "x", SYMBOLIC, "dtype", TensorValue.scalar("int64")))
                .isEqualTo("`cast` input `dtype` is \"int64\", but must be one of bool, int8, int16, int32, uint8, "
                        + "uint16, fp16, fp32");
        assertThat(error("cast", "x", TensorType.of(DType.INT8, 2), "dtype", TensorValue.scalar("fp32")))
                .isEqualTo("`cast` input `x` has dtype int8, but type domain T allows only bool, int32, fp16, fp32");
        assertThat(error("cast", "x", SYMBOLIC, "dtype", TensorType.scalar(DType.STRING)))
                .isEqualTo("`cast` input `dtype` must be const");
    }

    @Test
    void shapeFoldsWhenTheShapeIsStatic() {
        assertThat(fold("shape", "x", TensorType.of(DType.BOOL, 2, 5, 7))).isEqualTo(ints(2, 5, 7));
        assertThat(fold("shape", "x", TensorType.scalar(DType.FP32))).isEqualTo(ints());
        assertThat(type("shape", "x", SYMBOLIC)).isEqualTo("int32[2]");
        assertThat(values(Opset.IOS15, "shape", "x", SYMBOLIC)).isEmpty();
    }

    @Test
    void fillMakesAStaticShapeFromAConstShape() {
        assertThat(fold("fill", "shape", ints(2, 2), "value", TensorValue.scalar(7)))
                .isEqualTo(TensorValue.ofInts(Shape.of(2, 2), 7, 7, 7, 7));
        assertThat(fold("fill", "shape", ints(3))).isEqualTo(floats(0, 0, 0));
        assertThat(type("fill", "shape", TensorType.of(DType.INT32, 3), "value", TensorValue.scalar(true)))
                .isEqualTo("bool[fill_d0_0, fill_d1_1, fill_d2_2]");
        assertThat(values(Opset.IOS15, "fill", "shape", ints(1024, 1024))).isEmpty();
        assertThat(error("fill", "shape", ints(2, -1))).isEqualTo("`fill` input `shape` holds a negative size -1");
        assertThat(error("fill", "shape", TensorType.of(DType.INT32, Dim.symbol("R"))))
                .isEqualTo("`fill` input `shape` must have a known length (the output rank), got int32[R]");
        assertThat(error("fill", "shape", TensorType.of(DType.INT32, 2, 2)))
                .isEqualTo("`fill` input `shape` must be a vector, got int32[2, 2]");
    }

    static Stream<Arguments> ranges() {
        return Stream.of(
                arguments(TensorValue.scalar(0), TensorValue.scalar(5), TensorValue.scalar(2), ints(0, 2, 4)),
                arguments(TensorValue.scalar(5), TensorValue.scalar(0), TensorValue.scalar(-2), ints(5, 3, 1)),
                arguments(TensorValue.scalar(5), TensorValue.scalar(0), TensorValue.scalar(1), ints()),
                arguments(TensorValue.scalar(0.5f), TensorValue.scalar(2f), TensorValue.scalar(0.5f),
                        floats(0.5f, 1, 1.5f)));
    }

    @ParameterizedTest(name = "range_1d({0}, {1}, {2})")
    @MethodSource("ranges")
    void range1dFoldsConstInputs(TensorValue start, TensorValue end, TensorValue step, TensorValue expected) {
        assertThat(fold("range_1d", "start", start, "end", end, "step", step)).isEqualTo(expected);
    }

    @Test
    void range1dHasASymbolicLengthOtherwise() {
        assertThat(type("range_1d", "start", TensorValue.scalar(0), "end", TensorType.scalar(DType.INT32), "step",
                TensorValue.scalar(1))).isEqualTo("int32[range_1d_len_0]");
        assertThat(error("range_1d", "start", TensorValue.scalar(0), "end", TensorType.scalar(DType.INT32), "step",
                TensorValue.scalar(0))).isEqualTo("`range_1d` input `step` must not be 0");
        assertThat(error("range_1d", "start", TensorValue.scalar(0f), "end", TensorValue.scalar(1), "step",
                TensorValue.scalar(1))).isEqualTo(
                        "`range_1d` input `start` has dtype fp32, but `end` has int32 and both are in type domain T");
    }
}
