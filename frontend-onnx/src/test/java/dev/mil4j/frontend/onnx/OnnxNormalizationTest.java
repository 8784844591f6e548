package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GroupNormalization} against ONNX Runtime ({@code make_group_norm_models.py}): scale and bias per group
 * (opset 18) and per channel (opset 21), with a variable batch.
 */
class OnnxNormalizationTest {
    private static Map<String, TensorValue> input(long seed) {
        Random random = new Random(seed);
        float[] x = new float[2 * 6 * 4 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 2 + (i % 7));
        }
        return Map.of("x", TensorValue.ofFloats(Shape.of(2, 6, 4, 5), x));
    }

    @Test
    void groupNormalizationWithScalePerGroupMatchesOnnxRuntime() {
        var program = OrtParityTest.assertMatchesOnnxRuntime("group_norm_18", Fixtures.model("group_norm_18.onnx"),
                input(18));
        assertThat(program.main().inputs().get(0).tensorType().shape().dim(0).isKnown()).isFalse();
    }

    @Test
    void groupNormalizationWithScalePerChannelMatchesOnnxRuntime() {
        OrtParityTest.assertMatchesOnnxRuntime("group_norm_21", Fixtures.model("group_norm_21.onnx"), input(21));
    }

    @AfterAll
    static void printMeasured() {
        System.out.print(Numerics.report());
    }
}
