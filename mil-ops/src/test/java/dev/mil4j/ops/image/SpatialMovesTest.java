package dev.mil4j.ops.image;

import static dev.mil4j.ops.OpTesting.floats;
import static dev.mil4j.ops.OpTesting.iota;
import static dev.mil4j.ops.OpTesting.on;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.OpTesting;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** crop, resize_nearest_neighbor, space_to_batch and batch_to_space: types, folded values and invalid inputs. */
class SpatialMovesTest {
    private static TensorValue i(int v) {
        return TensorValue.scalar(v);
    }

    private static TensorValue m22(int... v) {
        return TensorValue.ofInts(Shape.of(2, 2), v);
    }

    private static OpTesting s2b(String x, int[] block, int... pads) {
        return on(new SpaceToBatchOp()).in("x", x).c("block_shape", block).c("paddings", m22(pads));
    }

    static Stream<Arguments> types() {
        return Stream.of(
                Arguments.of(on(new CropOp()).in("x", "1x3x8x8").c("crop_height", 1, 2).c("crop_width", 0, 3),
                        "fp32[1, 3, 5, 5]"),
                Arguments.of(on(new CropOp()).in("x", "NxCxHxW").c("crop_height", 1, 1).c("crop_width", 0, 2),
                        "fp32[N, C, H_minus_2, W_minus_2]"),
                Arguments.of(on(new ResizeNearestNeighborOp()).in("x", "Nx3xHxW").c("target_size_height", i(7))
                        .c("target_size_width", i(9)), "fp32[N, 3, 7, 9]"),
                Arguments.of(s2b("Nx3x6x8", new int[] {2, 2}, 0, 0, 0, 0), "fp32[N_x_4, 3, 3, 4]"),
                Arguments.of(s2b("1x1xHx4", new int[] {2, 1}, 1, 1, 0, 0), "fp32[2, 1, H_plus_2_div_2, 4]"),
                Arguments.of(on(new BatchToSpaceOp()).in("x", "8x3x3x4").c("block_shape", 2, 2)
                        .c("crops", m22(0, 1, 1, 0)), "fp32[2, 3, 5, 7]"),
                Arguments.of(on(new BatchToSpaceOp()).in("x", "Bx3xHx4").c("block_shape", 2, 2)
                        .c("crops", m22(0, 0, 0, 0)), "fp32[B_div_4, 3, H_x_2, 8]"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("types")
    void infersTypes(OpTesting op, String expected) {
        assertThat(op.type()).hasToString(expected);
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(on(new CropOp()).c("x", iota("1x3x4")).c("crop_height", 1, 1).c("crop_width", 0, 2),
                        "[1, 1, 2]", new double[] {4, 5}),
                Arguments.of(on(new CropOp()).c("x", iota("1x4x3")).c("crop_height", 1, 1).c("crop_width", 1, 0),
                        "[1, 2, 2]", new double[] {4, 5, 7, 8}),
                Arguments.of(on(new ResizeNearestNeighborOp()).c("x", iota("1x2x3")).c("target_size_height", i(4))
                        .c("target_size_width", i(2)), "[1, 4, 2]", new double[] {0, 1, 0, 1, 3, 4, 3, 4}),
                Arguments.of(on(new SpaceToBatchOp()).c("x", floats("1x1x2x2", 1, 2, 3, 4)).c("block_shape", 2, 2)
                        .c("paddings", m22(0, 0, 0, 0)), "[4, 1, 1, 1]", new double[] {1, 2, 3, 4}),
                Arguments.of(on(new SpaceToBatchOp()).c("x", floats("1x1x2x2", 1, 2, 3, 4)).c("block_shape", 2, 2)
                        .c("paddings", m22(0, 0, 1, 1)), "[4, 1, 1, 2]", new double[] {0, 2, 1, 0, 0, 4, 3, 0}),
                Arguments.of(on(new BatchToSpaceOp()).c("x", floats("4x1x1x2", 0, 2, 1, 0, 0, 4, 3, 0))
                        .c("block_shape", 2, 2).c("crops", m22(0, 0, 1, 1)), "[1, 1, 2, 2]",
                        new double[] {1, 2, 3, 4}),
                Arguments.of(on(new BatchToSpaceOp()).c("x", floats("2x1x1x1", 5, 6)).c("block_shape", 1, 2)
                        .c("crops", m22(0, 0, 0, 0)), "[1, 1, 1, 2]", new double[] {5, 6}));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("values")
    void foldsToHandComputedValues(OpTesting op, String shape, double[] expected) {
        TensorValue v = op.value();
        assertThat(v.shape()).hasToString(shape);
        assertThat(v.toDoubleArray()).containsExactly(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(on(new CropOp()).in("x", "1x4x4").c("crop_height", 2, 2).c("crop_width", 0, 0),
                        "`crop` input `crop_height` crops 4 of a dim of size 4; at least 1 must remain"),
                Arguments.of(on(new CropOp()).in("x", "1x4x4").c("crop_height", 0, 0).c("crop_width", -1, 0),
                        "`crop` input `crop_width` must hold 2 non-negative amounts (start, end), got [-1, 0]"),
                Arguments.of(on(new CropOp()).in("x", "4x4").c("crop_height", 0, 0).c("crop_width", 0, 0),
                        "`crop` input `x` must have rank 3 or more ([*D, H, W]), got fp32[4, 4]"),
                Arguments.of(on(new ResizeNearestNeighborOp()).in("x", "1x4x4").c("target_size_height", i(0))
                        .c("target_size_width", i(2)),
                        "`resize_nearest_neighbor` input `target_size_height` must be at least 1, got 0"),
                Arguments.of(s2b("1x1x3x4", new int[] {2, 2}, 0, 0, 0, 0),
                        "`space_to_batch` input `paddings` makes the height of x 3, which block_shape 2 does not "
                                + "divide"),
                Arguments.of(s2b("1x1x4x4", new int[] {2, 0}, 0, 0, 0, 0),
                        "`space_to_batch` input `block_shape` must hold 2 positive sizes (height, width), got [2, 0]"),
                Arguments.of(s2b("1x4x4", new int[] {2, 2}, 0, 0, 0, 0),
                        "`space_to_batch` input `x` must have rank 4 ([n, C, H, W]), got fp32[1, 4, 4]"),
                Arguments.of(on(new BatchToSpaceOp()).in("x", "3x1x2x2").c("block_shape", 2, 2)
                        .c("crops", m22(0, 0, 0, 0)),
                        "`batch_to_space` input `block_shape` has 4 positions per block, which does not divide the "
                                + "batch of x (3)"),
                Arguments.of(on(new BatchToSpaceOp()).in("x", "4x1x1x1").c("block_shape", 2, 2)
                        .c("crops", TensorValue.vector(0, 0, 0, 0)),
                        "`batch_to_space` input `crops` must have shape [2, 2] with non-negative amounts ([[top, "
                                + "bottom], [left, right]]), got int32[4] [0, 0, 0, 0]"));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("errors")
    void reportsInvalidInputs(OpTesting op, String message) {
        assertThat(op.error()).isEqualTo(message);
    }
}
