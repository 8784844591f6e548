package dev.mil4j.ops.pool;

import static dev.mil4j.ops.OpTesting.on;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.op.OpDef;
import dev.mil4j.ops.OpTesting;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PoolOpsTest {

    private static OpTesting pool(OpDef def, String x, String padType, int... kernel) {
        return on(def).in("x", x).c("pad_type", padType).c("kernel_sizes", kernel);
    }

    static Stream<Arguments> types() {
        return Stream.of(
                Arguments.of(pool(MaxPoolOp.ios15(), "1x3x32x32", "valid", 2, 2).c("strides", 2, 2),
                        "fp32[1, 3, 16, 16]"),
                Arguments.of(pool(AvgPoolOp.ios15(), "1x3x31x31", "same", 3, 3).c("strides", 2, 2),
                        "fp32[1, 3, 16, 16]"),
                Arguments.of(pool(AvgPoolOp.ios15(), "1x3x32x32", "custom", 3, 3).c("strides", 2, 2)
                        .c("pad", 1, 1, 1, 1).c("exclude_padding_from_average", true), "fp32[1, 3, 16, 16]"),
                Arguments.of(pool(MaxPoolOp.ios15(), "1x1x5", "valid", 2).c("strides", 2), "fp32[1, 1, 2]"),
                Arguments.of(pool(MaxPoolOp.ios15(), "1x1x5", "valid", 2).c("strides", 2).c("ceil_mode", true),
                        "fp32[1, 1, 3]"),
                // the ceiling form would start a 4th window inside the trailing pad, so it is dropped
                Arguments.of(pool(AvgPoolOp.ios15(), "1x1x5", "custom", 2).c("strides", 2).c("pad", 1, 1)
                        .c("ceil_mode", true), "fp32[1, 1, 3]"),
                Arguments.of(pool(MaxPoolOp.ios15(), "1x2x8x8x8", "valid", 2, 2, 2), "fp32[1, 2, 7, 7, 7]"),
                Arguments.of(pool(L2PoolOp.ios15(), "1x2x8", "valid", 3), "fp32[1, 2, 6]"),
                Arguments.of(pool(MaxPoolOp.ios15(), "Nx3xHxW", "valid", 2, 2).c("strides", 2, 2),
                        "fp32[N, 3, H_k2s2p0, W_k2s2p0]"),
                Arguments.of(pool(MaxPoolOp.ios15(), "Nx3xHxW", "valid", 2, 2).c("strides", 2, 2)
                        .c("ceil_mode", true), "fp32[N, 3, H_k2s2p0c, W_k2s2p0c]"),
                Arguments.of(pool(MaxPoolOp.ios15(), "Nx3xHxW", "same", 3, 3), "fp32[N, 3, H, W]"),
                Arguments.of(pool(MaxPoolOp.ios16(), "1x3x7x7", "same_lower", 2, 2).c("strides", 2, 2),
                        "fp32[1, 3, 4, 4]"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("types")
    void infersTypes(OpTesting op, String expected) {
        assertThat(op.type()).hasToString(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(pool(L2PoolOp.ios15(), "1x1x4x4x4", "valid", 2, 2, 2),
                        "`l2_pool` input `x` must have rank 3 to 4 ([n, C, *spatial] with 1 to 2 spatial dims), got "
                                + "fp32[1, 1, 4, 4, 4]"),
                Arguments.of(pool(MaxPoolOp.ios15(), "1x3x8x8", "same", 2, 2).c("ceil_mode", true),
                        "`max_pool` input `ceil_mode` must be false with pad_type same"),
                Arguments.of(pool(AvgPoolOp.ios15(), "1x3x8x8", "custom", 2, 2).c("pad", 0, 1, 0, 1)
                        .c("ceil_mode", true),
                        "`avg_pool` input `pad` must be symmetric when ceil_mode is true, got [0, 1, 0, 1]"),
                Arguments.of(pool(MaxPoolOp.ios15(), "1x1x4x4x4", "valid", 2, 2, 2).c("ceil_mode", true),
                        "`max_pool` input `ceil_mode` is only supported for 1-d and 2-d pools, got 3 spatial dims"),
                Arguments.of(on(MaxPoolOp.ios15()).in("x", "1x3x8x8").c("kernel_sizes", 2, 2),
                        "`max_pool` input `pad_type` is required but missing"),
                Arguments.of(pool(MaxPoolOp.ios15(), "1x3x8x8", "valid", 0, 2),
                        "`max_pool` input `kernel_sizes` must hold values of at least 1, got [0, 2]"),
                Arguments.of(pool(MaxPoolOp.ios15(), "1x3x8x8", "valid", 2),
                        "`max_pool` input `kernel_sizes` must hold 2 values (one per spatial dimension), got shape "
                                + "[1]"),
                Arguments.of(pool(MaxPoolOp.ios15(), "1x3x8x8", "same_lower", 2, 2),
                        "`max_pool` input `pad_type` is same_lower, which needs iOS16 or later; target iOS16 or use "
                                + "custom padding"),
                Arguments.of(pool(AvgPoolOp.ios15(), "1x3x2x8", "valid", 3, 3),
                        "`avg_pool` input `x` spatial dimension 0 has size 2, too small for a window of 3 with 0 "
                                + "padding (output size 0); use a smaller kernel or more padding"));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("errors")
    void reportsInvalidInputs(OpTesting op, String message) {
        assertThat(op.error()).isEqualTo(message);
    }
}
