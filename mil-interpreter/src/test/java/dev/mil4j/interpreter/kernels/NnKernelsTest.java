package dev.mil4j.interpreter.kernels;

import static dev.mil4j.interpreter.KernelTesting.dims;
import static dev.mil4j.interpreter.KernelTesting.floats;
import static dev.mil4j.interpreter.KernelTesting.run;
import static dev.mil4j.interpreter.KernelTesting.unary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Linear, convolution, pooling, normalization and image kernels against hand-computed values. */
class NnKernelsTest {

    private static float[] iota(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, 1f);
        return v;
    }

    @Test
    void linearIsXTimesWeightTransposedPlusBias() {
        TensorValue out = unary("linear", floats(dims(1, 2), 1, 2), Map.of(
                "weight", floats(dims(3, 2), 1, 0, 0, 1, 1, 1), "bias", floats(dims(3), 0, 0, 10)));
        assertThat(out.shape()).isEqualTo(Shape.of(1, 3));
        assertThat(out.toFloatArray()).containsExactly(1, 2, 13);
    }

    @Test
    void matmulBroadcastsBatchesAndTransposes() {
        TensorValue x = floats(dims(2, 2, 3), 1, 2, 3, 4, 5, 6, 1, 0, 0, 0, 1, 0);
        Map<String, TensorValue> in = new LinkedHashMap<>();
        in.put("x", x);
        in.put("y", floats(dims(3, 2), 1, 0, 0, 1, 1, 1));
        TensorValue out = run("matmul", in, Map.of()).get(0);
        assertThat(out.shape()).isEqualTo(Shape.of(2, 2, 2));
        assertThat(out.toFloatArray()).containsExactly(4, 5, 10, 11, 1, 0, 0, 1);
        in.put("y", floats(dims(2, 3), 1, 0, 1, 0, 1, 1));
        TensorValue t = run("matmul", in, Map.of("transpose_y", TensorValue.scalar(true))).get(0);
        assertThat(t.toFloatArray()).containsExactly(4, 5, 10, 11, 1, 0, 0, 1);
    }

    @Test
    void convValidWithBias() {
        TensorValue out = unary("conv", floats(dims(1, 1, 3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9), Map.of(
                "weight", floats(dims(1, 1, 2, 2), 1, 0, 0, 1), "bias", floats(dims(1), 1)));
        assertThat(out.shape()).isEqualTo(Shape.of(1, 1, 2, 2));
        assertThat(out.toFloatArray()).containsExactly(7, 9, 13, 15);
    }

    @Test
    void convSamePaddingWithStride() {
        // 4x4 ones, 3x3 ones, stride 2, "same": one pad row and column after (none before)
        TensorValue out = unary("conv", floats(dims(1, 1, 4, 4), ones(16)), Map.of(
                "weight", floats(dims(1, 1, 3, 3), ones(9)), "strides", TensorValue.vector(2, 2),
                "pad_type", TensorValue.scalar("same")));
        assertThat(out.shape()).isEqualTo(Shape.of(1, 1, 2, 2));
        assertThat(out.toFloatArray()).containsExactly(9, 6, 6, 4);
    }

    @Test
    void convGroupsAndOneDimension() {
        TensorValue grouped = unary("conv", floats(dims(1, 2, 1, 1), 2, 3), Map.of(
                "weight", floats(dims(2, 1, 1, 1), 10, 100), "groups", TensorValue.scalar(2)));
        assertThat(grouped.toFloatArray()).containsExactly(20, 300);
        TensorValue conv1d = unary("conv", floats(dims(1, 1, 4), 1, 2, 3, 4), Map.of(
                "weight", floats(dims(1, 1, 2), 1, -1), "dilations", TensorValue.vector(2)));
        assertThat(conv1d.toFloatArray()).containsExactly(-2, -2);
    }

    @Test
    void convTransposeSpreadsEachInput() {
        TensorValue out = unary("conv_transpose", floats(dims(1, 1, 2, 2), 1, 2, 3, 4), Map.of(
                "weight", floats(dims(1, 1, 2, 2), ones(4))));
        assertThat(out.shape()).isEqualTo(Shape.of(1, 1, 3, 3));
        assertThat(out.toFloatArray()).containsExactly(1, 3, 2, 4, 10, 6, 3, 7, 4);
        TensorValue strided = unary("conv_transpose", floats(dims(1, 1, 2, 2), 1, 2, 3, 4), Map.of(
                "weight", floats(dims(1, 1, 2, 2), ones(4)), "strides", TensorValue.vector(2, 2)));
        assertThat(strided.toFloatArray()).containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
    }

    private static Map<String, TensorValue> pool(int k, int s, String padType, int... pad) {
        Map<String, TensorValue> m = new HashMap<>();
        m.put("kernel_sizes", TensorValue.vector(k, k));
        m.put("strides", TensorValue.vector(s, s));
        m.put("pad_type", TensorValue.scalar(padType));
        if (pad.length > 0) {
            m.put("pad", TensorValue.vector(pad));
        }
        return m;
    }

    @Test
    void pooling() {
        TensorValue x = floats(dims(1, 1, 4, 4), iota(16));
        assertThat(unary("max_pool", x, pool(2, 2, "valid")).toFloatArray()).containsExactly(5, 7, 13, 15);
        Map<String, TensorValue> avg = pool(2, 2, "valid");
        avg.put("exclude_padding_from_average", TensorValue.scalar(false));
        assertThat(unary("avg_pool", x, avg).toFloatArray()).containsExactly(2.5f, 4.5f, 10.5f, 12.5f);
        TensorValue small = floats(dims(1, 1, 2, 2), 1, 2, 3, 4);
        Map<String, TensorValue> padded = pool(3, 1, "custom", 1, 1, 1, 1);
        padded.put("exclude_padding_from_average", TensorValue.scalar(true));
        assertThat(unary("avg_pool", small, padded).toFloatArray()).containsExactly(2.5f, 2.5f, 2.5f, 2.5f);
        padded.put("exclude_padding_from_average", TensorValue.scalar(false));
        assertThat(unary("avg_pool", small, padded).toFloatArray())
                .containsExactly(new float[] {10 / 9f, 10 / 9f, 10 / 9f, 10 / 9f}, within(1e-6f));
        assertThat(unary("l2_pool", small, pool(2, 1, "valid")).toFloatArray())
                .containsExactly(new float[] {(float) Math.sqrt(30)}, within(1e-5f));
    }

    @Test
    void normalizations() {
        TensorValue bn = unary("batch_norm", floats(dims(1, 2, 1, 2), 1, 2, 3, 4), Map.of(
                "mean", floats(dims(2), 1, 3), "variance", floats(dims(2), 4, 1), "gamma", floats(dims(2), 2, 1),
                "beta", floats(dims(2), 0, 1), "epsilon", TensorValue.scalar(0f)));
        assertThat(bn.toFloatArray()).containsExactly(0, 1, 1, 2);
        TensorValue in = unary("instance_norm", floats(dims(1, 1, 1, 4), 1, 2, 3, 4), Map.of());
        assertThat(in.toFloatArray()).containsExactly(new float[] {-1.3416355f, -0.4472118f, 0.4472118f,
            1.3416355f}, within(1e-5f));
        TensorValue ln = unary("layer_norm", floats(dims(2, 2), 1, 3, 2, 6), Map.of("axes", TensorValue.vector(-1)));
        assertThat(ln.toFloatArray()).containsExactly(new float[] {-1, 1, -1, 1}, within(1e-4f));
        TensorValue lrn = unary("local_response_norm", floats(dims(1, 2, 1, 1), 1, 2), Map.of(
                "size", TensorValue.scalar(2), "alpha", TensorValue.scalar(2f), "beta", TensorValue.scalar(1f),
                "k", TensorValue.scalar(1f)));
        // channel 0 sees channels 0..1: 1 / (1 + 2/2 * 5) = 1/6; channel 1 sees channel 1: 2 / (1 + 4) = 0.4
        assertThat(lrn.toFloatArray()).containsExactly(new float[] {1 / 6f, 0.4f}, within(1e-6f));
    }

    @Test
    void upsampling() {
        TensorValue x = floats(dims(1, 1, 1, 2), 1, 2);
        TensorValue nn = unary("upsample_nearest_neighbor", x, Map.of("scale_factor_height", TensorValue.scalar(2f),
                "scale_factor_width", TensorValue.scalar(2f)));
        assertThat(nn.shape()).isEqualTo(Shape.of(1, 1, 2, 4));
        assertThat(nn.toFloatArray()).containsExactly(1, 1, 2, 2, 1, 1, 2, 2);
        TensorValue bl = unary("upsample_bilinear", floats(dims(1, 1, 1, 2), 0, 3), Map.of(
                "scale_factor_height", TensorValue.scalar(1f), "scale_factor_width", TensorValue.scalar(2f),
                "align_corners", TensorValue.scalar(true)));
        assertThat(bl.toFloatArray()).containsExactly(0, 1, 2, 3);
    }
}
