package dev.mil4j.ops.conv;

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

class ConvOpsTest {

    private static OpTesting conv(String x, String w) {
        return on(ConvOp.ios15()).in("x", x).in("weight", w);
    }

    private static OpTesting deconv(String x, String w) {
        return on(ConvTransposeOp.ios15()).in("x", x).c("weight", iota(w));
    }

    static Stream<Arguments> types() {
        return Stream.of(
                Arguments.of(conv("1x3x32x32", "8x3x3x3"), "fp32[1, 8, 30, 30]"),
                Arguments.of(conv("1x3x32x32", "8x3x3x3").c("strides", 2, 2).c("pad_type", "same"),
                        "fp32[1, 8, 16, 16]"),
                Arguments.of(conv("1x3x33x32", "8x3x3x3").c("strides", 2, 2).c("pad_type", "custom")
                        .c("pad", 1, 1, 0, 0), "fp32[1, 8, 17, 15]"),
                Arguments.of(conv("1x3x32x32", "8x3x3x3").c("strides", 2, 2).c("pad", 5, 5, 5, 5),
                        "fp32[1, 8, 15, 15]"),
                Arguments.of(on(ConvOp.ios15()).in("x", "1x3x32x32").c("weight", iota("8x3x3x3"))
                        .c("dilations", 2, 2), "fp32[1, 8, 28, 28]"),
                Arguments.of(conv("1x4x10", "6x2x3").c("groups", TensorValue.scalar(2)), "fp32[1, 6, 8]"),
                Arguments.of(conv("1x2x8x8x8", "4x2x3x3x3"), "fp32[1, 4, 6, 6, 6]"),
                Arguments.of(conv("Bx3xHxW", "8x3x3x3"), "fp32[B, 8, H_k3s1p0, W_k3s1p0]"),
                Arguments.of(conv("Bx3xHxW", "8x3x3x3").c("pad_type", "same"), "fp32[B, 8, H, W]"),
                Arguments.of(conv("Bx3xHxW", "8x3x3x3").c("pad_type", "same").c("strides", 2, 2),
                        "fp32[B, 8, H_cdiv2, W_cdiv2]"),
                Arguments.of(conv("Bx3xHxW", "8x3x3x3").c("pad_type", "custom").c("pad", 1, 1, 1, 1),
                        "fp32[B, 8, H, W]"),
                Arguments.of(on(ConvOp.ios16()).in("x", "1x3x32x32").in("weight", "8x3x2x2")
                        .c("pad_type", "same_lower").c("strides", 3, 3), "fp32[1, 8, 11, 11]"),
                Arguments.of(on(ConvOp.ios17()).in("x", t(DType.FP16, "1x3x8x8")).in("weight", "8x3x3x3")
                        .in("bias", "8"), "fp16[1, 8, 6, 6]"),
                Arguments.of(deconv("1x4x8x8", "4x2x3x3").c("strides", 2, 2), "fp32[1, 2, 17, 17]"),
                Arguments.of(deconv("1x4x8x8", "4x2x3x3").c("strides", 2, 2).c("pad_type", "same"),
                        "fp32[1, 2, 16, 16]"),
                Arguments.of(deconv("1x4x8x8", "4x2x3x3").c("strides", 2, 2).c("pad_type", "custom")
                        .c("pad", 1, 1, 0, 1), "fp32[1, 2, 15, 16]"),
                Arguments.of(deconv("1x4x8", "4x3x3").c("groups", TensorValue.scalar(2)), "fp32[1, 6, 10]"),
                Arguments.of(deconv("1x4x8x8", "4x2x3x3").c("strides", 2, 2).c("output_shape", 1, 2, 18, 18),
                        "fp32[1, 2, 18, 18]"),
                Arguments.of(deconv("Bx4xHxW", "4x2x3x3").c("strides", 2, 2).c("pad_type", "same"),
                        "fp32[B, 2, H_x2, W_x2]"),
                Arguments.of(deconv("Bx4xHxW", "4x2x3x3").c("strides", 2, 2), "fp32[B, 2, H_tk3s2p0, W_tk3s2p0]"),
                Arguments.of(on(ConvTransposeOp.ios17()).in("x", "1x4x8").in("weight", t(DType.FP16, "4x2x3")),
                        "fp32[1, 2, 10]"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("types")
    void infersTypes(OpTesting op, String expected) {
        assertThat(op.type()).hasToString(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(conv("1x4x10", "6x3x3"),
                        "`conv` input `weight` has 3 input channels in dim 1, but x has 4 channels and groups is 1 "
                                + "(expected 4)"),
                Arguments.of(conv("1x4x10", "6x1x3").c("groups", TensorValue.scalar(3)),
                        "`conv` input `groups` is 3, which does not divide the 4 input channels of x"),
                Arguments.of(conv("1x4x10", "6x1x3").c("groups", TensorValue.scalar(4)),
                        "`conv` input `groups` is 4, which does not divide the 6 output channels of weight"),
                Arguments.of(conv("1x3x8x8", "8x3x3x3").c("bias", iota("4")),
                        "`conv` input `bias` has 4 values, but there are 8 output channels"),
                Arguments.of(conv("1x3x8x8", "8x3x3x3").c("strides", 1),
                        "`conv` input `strides` must hold 2 values (one per spatial dimension), got shape [1]"),
                Arguments.of(conv("1x3x8x8", "8x3x3x3").c("pad_type", "custom").c("pad", 1, 1),
                        "`conv` input `pad` must hold 4 values (one per spatial dimension, before and after), got "
                                + "shape [2]"),
                Arguments.of(conv("1x3x8x8", "8x3x3x3").c("dilations", 2, 1),
                        "`conv` input `weight` must be const when dilations are above 1"),
                Arguments.of(conv("1x3x2x2", "8x3x3x3"),
                        "`conv` input `x` spatial dimension 0 has size 2, too small for a window of 3 with 0 padding "
                                + "(output size 0); use a smaller kernel or more padding"),
                Arguments.of(conv("1x3x8x8", "8x3x3x3").c("pad_type", "full"),
                        "`conv` input `pad_type` must be one of valid, same, custom, same_lower; got 'full'"),
                Arguments.of(conv("1x3x8x8", "8x3x3x3").c("pad_type", "same_lower"),
                        "`conv` input `pad_type` is same_lower, which needs iOS16 or later; target iOS16 or use "
                                + "custom padding"),
                Arguments.of(conv("1x3", "8x3"),
                        "`conv` input `x` must have rank 3 to 5 ([n, C_in, *spatial] with 1 to 3 spatial dims), got "
                                + "fp32[1, 3]"),
                Arguments.of(conv("1x3x8x8", "8x3x3"),
                        "`conv` input `weight` must have rank 4 ([C_out, C_in / groups, *kernel]) like x, got "
                                + "fp32[8, 3, 3]"),
                Arguments.of(on(ConvOp.ios15()).in("x", "1x3x8x8").in("weight", t(DType.FP16, "8x3x3x3")),
                        "`conv` input `weight` has dtype fp16, but `x` has fp32 and both are in type domain T"),
                Arguments.of(on(ConvTransposeOp.ios15()).in("x", "1x4x8").in("weight", "4x2x3"),
                        "`conv_transpose` input `weight` must be const"),
                Arguments.of(deconv("1x4x8x8", "4x2x3x3").c("output_shape", 1, 3, 18, 18),
                        "`conv_transpose` input `output_shape` has 3 channels, but weight and groups give 2"),
                Arguments.of(deconv("1x4x8x8", "4x2x3x3").c("output_shape", 18, 18),
                        "`conv_transpose` input `output_shape` must hold 4 sizes (the full output shape, like x's "
                                + "rank), got shape [2]"),
                Arguments.of(deconv("1x5x8x8", "4x2x3x3"),
                        "`conv_transpose` input `weight` has 4 input channels in dim 0, but x has 5"),
                Arguments.of(deconv("1x4x8x8", "4x2x3x3").c("pad_type", "same_lower"),
                        "`conv_transpose` input `pad_type` must be one of valid, same, custom; got 'same_lower'"),
                Arguments.of(deconv("1x4x1", "4x2x1").c("pad_type", "custom").c("pad", 1, 0),
                        "`conv_transpose` input `pad` removes the whole of spatial dimension 0 (output size 0)"));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("errors")
    void reportsInvalidInputs(OpTesting op, String message) {
        assertThat(op.error()).isEqualTo(message);
    }

}
