package dev.mil4j.interpreter.kernels;

import static dev.mil4j.interpreter.KernelTesting.dims;
import static dev.mil4j.interpreter.KernelTesting.floats;
import static dev.mil4j.interpreter.KernelTesting.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code resample} on the image {@code [[1, 2, 3], [4, 5, 6]]}, against hand-computed samples. */
class ResampleKernelTest {
    private static final TensorValue IMAGE = floats(dims(1, 1, 2, 3), 1, 2, 3, 4, 5, 6);

    /** Samples the image at (x, y) points, one output row. */
    private static float[] sample(String sampling, String padding, String coordinates, boolean align,
            float... points) {
        Map<String, TensorValue> in = new LinkedHashMap<>();
        in.put("x", IMAGE);
        in.put("coordinates", floats(dims(1, 1, points.length / 2, 2), points));
        TensorValue y = run("resample", Opset.IOS16, in, Map.of("sampling_mode", TensorValue.scalar(sampling),
                "padding_mode", TensorValue.scalar(padding), "padding_value", TensorValue.scalar(9f),
                "coordinates_mode", TensorValue.scalar(coordinates), "align_corners", TensorValue.scalar(align)))
                .get(0);
        assertThat(y.shape()).isEqualTo(Shape.of(1, 1, 1, points.length / 2));
        return y.toFloatArray();
    }

    @Test
    void bilinearInPixelsMixesTheFourNeighbours() {
        assertThat(sample("bilinear", "border", "unnormalized", false, 0.5f, 0.5f, 2, 1, 1.25f, 0))
                .containsExactly(new float[] {3, 6, 2.25f}, within(1e-6f));
    }

    @Test
    void normalizedCoordinatesPlaceTheCornersByAlignCorners() {
        // align_corners: -1 and 1 are the corner pixels' centers
        assertThat(sample("bilinear", "constant", "normalized_minus_one_to_one", true, -1, -1, 1, 1, 0, 0))
                .containsExactly(new float[] {1, 6, 3.5f}, within(1e-6f));
        // otherwise the image's outer edges: (-1, -1) is pixel (-0.5, -0.5), a quarter of pixel 0 and the rest
        // padding 9
        assertThat(sample("bilinear", "constant", "normalized_minus_one_to_one", false, -1, -1))
                .containsExactly(new float[] {0.25f * 1 + 0.75f * 9}, within(1e-6f));
        // [0, 1] is [-1, 1] halved: 0.5 is the center
        assertThat(sample("bilinear", "constant", "normalized_zero_to_one", true, 0.5f, 0.5f))
                .containsExactly(new float[] {3.5f}, within(1e-6f));
    }

    @Test
    void paddingModesMovePointsOutsideTheImage() {
        // x = -1 (row 0): border clamps to 0; reflection mirrors about pixel 0 to 1; symmetric about -0.5 to 0;
        // constant reads 9
        assertThat(sample("bilinear", "border", "unnormalized", false, -1, 0)).containsExactly(1);
        assertThat(sample("bilinear", "reflection", "unnormalized", false, -1, 0)).containsExactly(2);
        assertThat(sample("bilinear", "symmetric", "unnormalized", false, -1, 0)).containsExactly(1);
        assertThat(sample("bilinear", "constant", "unnormalized", false, -1, 0)).containsExactly(9);
        // x = 3.5: symmetric mirrors about 2.5 to 1.5; reflection about 2 to 0.5
        assertThat(sample("bilinear", "symmetric", "unnormalized", false, 3.5f, 0)).containsExactly(2.5f);
        assertThat(sample("bilinear", "reflection", "unnormalized", false, 3.5f, 0)).containsExactly(1.5f);
        // far outside: reflected back and forth
        assertThat(sample("bilinear", "reflection", "unnormalized", false, 7, 0)).containsExactly(2);
    }

    @Test
    void nearestRoundsHalfToEven() {
        assertThat(sample("nearest", "border", "unnormalized", false, 1.5f, 0, 0.5f, 0, 1.4f, 0.6f, 2.5f, 1))
                .containsExactly(3, 1, 5, 6);
        assertThat(sample("nearest", "constant", "unnormalized", false, -0.6f, 0)).containsExactly(9);
    }
}
