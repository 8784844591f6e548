package dev.mil4j.ops.image;

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

class ImageOpsTest {

    private static OpTesting upsample(String x, TensorValue h, TensorValue w) {
        return on(new UpsampleNearestNeighborOp()).in("x", x).c("scale_factor_height", h).c("scale_factor_width", w);
    }

    private static TensorValue i(int v) {
        return TensorValue.scalar(v);
    }

    private static TensorValue f(float v) {
        return TensorValue.scalar(v);
    }

    private static OpTesting cropResize15(String roi) {
        return on(CropResizeOp.ios15()).in("x", "2x3x8x8").in("roi", roi).c("target_height", i(4))
                .c("target_width", i(5));
    }

    private static OpTesting cropResize17(String x) {
        return on(CropResizeOp.ios17()).in("x", x).c("target_height", i(4)).c("target_width", i(5));
    }

    static Stream<Arguments> types() {
        return Stream.of(
                Arguments.of(upsample("1x3x4x5", i(2), i(3)), "fp32[1, 3, 8, 15]"),
                Arguments.of(upsample("3x4x5", f(1.5f), f(1.5f)), "fp32[3, 6, 7]"),
                Arguments.of(upsample("1x3xHxW", f(2f), f(1.5f)), "fp32[1, 3, H_x2, W_x1p5]"),
                Arguments.of(on(new UpsampleNearestNeighborOp()).in("x", "1x3x4x5"), "fp32[1, 3, 4, 5]"),
                Arguments.of(on(UpsampleBilinearOp.ios15()).in("x", "1x3x4x5").c("scale_factor_height", i(2))
                        .c("scale_factor_width", i(2)).c("align_corners", false), "fp32[1, 3, 8, 10]"),
                Arguments.of(on(UpsampleBilinearOp.ios16()).in("x", t(DType.FP16, "1x3x4x5"))
                        .c("scale_factor_height", i(2)).c("scale_factor_width", i(2)).c("align_corners", false)
                        .c("half_pixel_centers", true), "fp16[1, 3, 8, 10]"),
                Arguments.of(on(new ResizeBilinearOp()).in("x", "Nx3xHxW").c("target_size_height", i(10))
                        .c("target_size_width", i(12)).c("sampling_mode", "ALIGN_CORNERS"), "fp32[N, 3, 10, 12]"),
                Arguments.of(cropResize15("5x1x4x1x1"), "fp32[5, 2, 3, 4, 5]"),
                Arguments.of(cropResize15("5x1x5x1x1"), "fp32[5, 1, 3, 4, 5]"),
                Arguments.of(cropResize15("Kx1x4x1x1").c("box_coordinate_mode", "CENTER_SIZE_WIDTH_FIRST")
                        .c("sampling_mode", "STRICT_ALIGN_CORNERS"), "fp32[K, 2, 3, 4, 5]"),
                Arguments.of(on(CropResizeOp.ios16()).in("x", "2x3x8x8").in("roi", "5x1x4x1x1")
                        .c("pad_value", f(1f)), "fp32[5, 2, 3, 1, 1]"),
                Arguments.of(cropResize17("4x3x8x8").in("boxes", t(DType.FP16, "5x4"))
                        .in("box_indices", t(DType.INT32, "5")), "fp32[5, 3, 4, 5]"),
                Arguments.of(cropResize17("4x3x8x8").in("boxes", t(DType.UINT16, "3x4")), "fp32[3, 3, 4, 5]"),
                Arguments.of(on(new SpaceToDepthOp()).in("x", "1x3x8x8").c("block_size", i(2)), "fp32[1, 12, 4, 4]"),
                Arguments.of(on(new SpaceToDepthOp()).in("x", "Nx3xHxW").c("block_size", i(2)),
                        "fp32[N, 12, H_div2, W_div2]"),
                Arguments.of(on(new DepthToSpaceOp()).in("x", "1x12x4x4").c("block_size", i(2)), "fp32[1, 3, 8, 8]"),
                Arguments.of(on(new DepthToSpaceOp()).in("x", "1xCxHx4").c("block_size", i(2)),
                        "fp32[1, C_div4, H_x2, 8]"),
                Arguments.of(on(new PixelShuffleOp()).in("x", "1x18x4x4").c("upscale_factor", i(3)),
                        "fp32[1, 2, 12, 12]"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("types")
    void infersTypes(OpTesting op, String expected) {
        assertThat(op.type()).hasToString(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(upsample("4x5", i(2), i(2)),
                        "`upsample_nearest_neighbor` input `x` must have rank 3 or more ([*D, H, W]), got fp32[4, 5]"),
                Arguments.of(on(UpsampleBilinearOp.ios15()).in("x", "1x4x5").c("scale_factor_height", f(0f)),
                        "`upsample_bilinear` input `scale_factor_height` must be a positive finite number, got 0.0"),
                Arguments.of(upsample("1x4x5", i(2), f(2f)),
                        "`upsample_nearest_neighbor` input `scale_factor_width` has dtype fp32, but "
                                + "`scale_factor_height` has int32 and both are in type domain U"),
                Arguments.of(on(UpsampleBilinearOp.ios15()).in("x", "1x4x5").c("half_pixel_centers", true),
                        "`upsample_bilinear` input `half_pixel_centers` is not an input of `upsample_bilinear`; its "
                                + "inputs are x, scale_factor_height, scale_factor_width, align_corners"),
                Arguments.of(on(new ResizeBilinearOp()).in("x", "1x4x5").c("sampling_mode", "BILINEAR"),
                        "`resize_bilinear` input `sampling_mode` must be one of ALIGN_CORNERS, DEFAULT, "
                                + "OFFSET_CORNERS, STRICT_ALIGN_CORNERS, UNALIGN_CORNERS; got 'BILINEAR'"),
                Arguments.of(on(new ResizeBilinearOp()).in("x", "1x4x5").c("target_size_height", i(0)),
                        "`resize_bilinear` input `target_size_height` must be at least 1, got 0"),
                Arguments.of(cropResize15("5x1x4x1"),
                        "`crop_resize` input `roi` must have rank 5 ([N, 1, 4 or 5, 1, 1]), got fp32[5, 1, 4, 1]"),
                Arguments.of(cropResize15("5x1x6x1x1"),
                        "`crop_resize` input `roi` must hold 4 box coordinates, or an image index and 4 coordinates, "
                                + "per box (dim 2 is 4 or 5), got [5, 1, 6, 1, 1]"),
                Arguments.of(cropResize15("5x1x4x1x1").c("box_coordinate_mode", "CONRNERS_HEIGHT_FIRST"),
                        "`crop_resize` input `box_coordinate_mode` must be one of CENTER_SIZE_HEIGHT_FIRST, "
                                + "CENTER_SIZE_WIDTH_FIRST, CORNERS_HEIGHT_FIRST, CORNERS_WIDTH_FIRST; got "
                                + "'CONRNERS_HEIGHT_FIRST'"),
                Arguments.of(cropResize17("2x3x8x8").in("boxes", "5x5"),
                        "`crop_resize` input `boxes` must have shape [N, 4], got [5, 5]"),
                Arguments.of(cropResize17("2x3x8x8").in("boxes", "5x4"),
                        "`crop_resize` input `box_indices` is required when there are more boxes (5) than images "
                                + "(2); the default 0..N-1 would point past the batch"),
                Arguments.of(cropResize17("2x3x8x8").in("boxes", "2x4").c("box_indices", 0, 2),
                        "`crop_resize` input `box_indices` holds 2, outside the 2 images of x"),
                Arguments.of(cropResize17("2x3x8x8").in("boxes", t(DType.UINT16, "2x4"))
                        .c("normalized_coordinates", true),
                        "`crop_resize` input `boxes` must be fp16 or fp32 when normalized_coordinates is true, got "
                                + "uint16"),
                Arguments.of(on(new SpaceToDepthOp()).in("x", "1x3x7x8").c("block_size", i(2)),
                        "`space_to_depth` input `block_size` is 2, which does not divide the height of x (7)"),
                Arguments.of(on(new SpaceToDepthOp()).in("x", "1x3x8x8").c("block_size", i(1)),
                        "`space_to_depth` input `block_size` must be at least 2, got 1"),
                Arguments.of(on(new DepthToSpaceOp()).in("x", "1x6x4x4").c("block_size", i(2)),
                        "`depth_to_space` input `block_size` is 2, and its square 4 does not divide the channels of "
                                + "x (6)"),
                Arguments.of(on(new PixelShuffleOp()).in("x", "1x2x3").c("upscale_factor", i(2)),
                        "`pixel_shuffle` input `x` must have rank 4 ([n, C, H, W]), got fp32[1, 2, 3]"));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("errors")
    void reportsInvalidInputs(OpTesting op, String message) {
        assertThat(op.error()).isEqualTo(message);
    }
}
