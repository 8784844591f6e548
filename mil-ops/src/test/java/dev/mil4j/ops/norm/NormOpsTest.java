package dev.mil4j.ops.norm;

import static dev.mil4j.ops.OpTesting.floats;
import static dev.mil4j.ops.OpTesting.iota;
import static dev.mil4j.ops.OpTesting.on;
import static dev.mil4j.ops.OpTesting.t;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.OpTesting;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NormOpsTest {

    private static OpTesting batchNorm(String x, String stats) {
        return on(BatchNormOp.ios15()).in("x", x).c("mean", iota(stats)).c("variance", iota(stats));
    }

    static Stream<Arguments> types() {
        return Stream.of(
                Arguments.of(batchNorm("1x3x8x8", "3").c("gamma", iota("3")).c("beta", iota("3")),
                        "fp32[1, 3, 8, 8]"),
                Arguments.of(batchNorm("Bx3xHxW", "3"), "fp32[B, 3, H, W]"),
                Arguments.of(batchNorm("1xCx8", "3"), "fp32[1, C, 8]"),
                Arguments.of(on(BatchNormOp.ios17()).in("x", t(DType.FP16, "1x3x8")).c("mean", iota("3"))
                        .c("variance", iota("3")).c("epsilon", floats("", 1e-3)), "fp16[1, 3, 8]"),
                Arguments.of(on(InstanceNormOp.ios15()).in("x", "2x4x5").c("gamma", iota("4")), "fp32[2, 4, 5]"),
                Arguments.of(on(LayerNormOp.ios15()).in("x", "2x3x4").c("axes", -1).c("gamma", iota("4"))
                        .c("beta", iota("4")), "fp32[2, 3, 4]"),
                Arguments.of(on(LayerNormOp.ios15()).in("x", "Bx3x4").c("gamma", iota("2x3x4")), "fp32[B, 3, 4]"),
                Arguments.of(on(L2NormOp.ios15()).in("x", "Bx3x4x5"), "fp32[B, 3, 4, 5]"),
                Arguments.of(on(LocalResponseNormOp.ios15()).in("x", "1x8x4x4").c("size", TensorValue.scalar(5)),
                        "fp32[1, 8, 4, 4]"),
                Arguments.of(on(LocalResponseNormOp.ios17()).in("x", t(DType.FP16, "1x8x4"))
                        .c("size", TensorValue.scalar(3)).c("alpha", floats("", 1e-3)), "fp16[1, 8, 4]"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("types")
    void infersTypes(OpTesting op, String expected) {
        assertThat(op.type()).hasToString(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(batchNorm("1x3x8x8", "4"),
                        "`batch_norm` input `mean` has 4 values, but x has 3 channels (dim 1)"),
                Arguments.of(batchNorm("1x3x8x8", "3").c("gamma", iota("3x1")),
                        "`batch_norm` input `gamma` must be a vector with one value per channel (3), got fp32[3, 1]"),
                Arguments.of(batchNorm("2x3", "3"),
                        "`batch_norm` input `x` must have rank 3 to 5 ([n, C, *spatial]), got fp32[2, 3]"),
                Arguments.of(on(BatchNormOp.ios15()).in("x", t(DType.FP16, "1x3x8")).c("mean", iota("3"))
                        .c("variance", iota("3")),
                        "`batch_norm` input `mean` has dtype fp32, but `x` has fp16 and both are in type domain T"),
                Arguments.of(on(BatchNormOp.ios15()).in("x", "1x3x8").in("mean", "3").c("variance", iota("3")),
                        "`batch_norm` input `mean` must be const"),
                Arguments.of(on(InstanceNormOp.ios15()).in("x", "1x2x3x4x5"),
                        "`instance_norm` input `x` must have rank 3 to 4 ([n, C, *spatial] with 1 or 2 spatial "
                                + "dims), got fp32[1, 2, 3, 4, 5]"),
                Arguments.of(on(LayerNormOp.ios15()).in("x", "2x3x4").c("axes", 3),
                        "`layer_norm` input `axes` holds 3, out of range for x of rank 3"),
                Arguments.of(on(LayerNormOp.ios15()).in("x", "2x3x4").c("axes", 1, -2),
                        "`layer_norm` input `axes` names axis 1 twice"),
                Arguments.of(on(LayerNormOp.ios15()).in("x", "2x3x4").c("axes", -1).c("gamma", iota("3")),
                        "`layer_norm` input `gamma` must have shape [4] (the dims of x at axes), got [3]"),
                Arguments.of(on(LayerNormOp.ios15()).in("x", "2x3x4").c("axes", 0, 2).c("beta", iota("4x2")),
                        "`layer_norm` input `beta` must have shape [2, 4] (the dims of x at axes), got [4, 2]"),
                Arguments.of(on(L2NormOp.ios15()).in("x", "3x4"),
                        "`l2_norm` input `x` must have rank 3 or more (the last three dims are normalized), got "
                                + "fp32[3, 4]"),
                Arguments.of(on(LocalResponseNormOp.ios15()).in("x", "1x8x4").c("size", TensorValue.scalar(0)),
                        "`local_response_norm` input `size` must be at least 1, got 0"));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("errors")
    void reportsInvalidInputs(OpTesting op, String message) {
        assertThat(op.error()).isEqualTo(message);
    }

    static Stream<Arguments> values() {
        TensorValue zero = floats("", 0);
        return Stream.of(
                Arguments.of(on(L2NormOp.ios15()).c("x", floats("1x1x2", 3, 4)).c("epsilon", zero),
                        floats("1x1x2", 0.6, 0.8)),
                Arguments.of(on(L2NormOp.ios15()).c("x", floats("2x1x1x2", 3, 4, 0, 5)).c("epsilon", zero),
                        floats("2x1x1x2", 0.6, 0.8, 0, 1)),
                Arguments.of(on(LayerNormOp.ios15()).c("x", floats("2x2", 1, 3, 0, 4)).c("axes", -1)
                        .c("gamma", floats("2", 2, 1)).c("beta", floats("2", 0, 10)).c("epsilon", zero),
                        floats("2x2", -2, 11, -2, 11)),
                Arguments.of(on(LayerNormOp.ios15()).c("x", floats("2x2", 1, 3, 0, 4)).c("axes", 0)
                        .c("gamma", floats("2", 1, 2)).c("epsilon", zero), floats("2x2", 1, -1, -2, 2)),
                Arguments.of(on(LayerNormOp.ios15()).c("x", floats("1x4", 1, 2, 3, 4)).c("epsilon", zero),
                        floats("1x4", -1.5 / Math.sqrt(1.25), -0.5 / Math.sqrt(1.25), 0.5 / Math.sqrt(1.25),
                                1.5 / Math.sqrt(1.25))));
    }

    @ParameterizedTest(name = "[{index}] {0} = {1}")
    @MethodSource("values")
    void foldsConstants(OpTesting op, TensorValue expected) {
        assertThat(op.value()).isEqualTo(expected);
    }
}
