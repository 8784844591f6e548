package dev.mil4j.interpreter.kernels;

import static dev.mil4j.interpreter.KernelTesting.dims;
import static dev.mil4j.interpreter.KernelTesting.floats;
import static dev.mil4j.interpreter.KernelTesting.run;
import static dev.mil4j.interpreter.KernelTesting.unary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
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
    void convThreeDimensions() {
        // 2x2x2 of 0..7 against [1, -1] along W: x[.., 0] - x[.., 1], plus the bias
        TensorValue diff = unary("conv", floats(dims(1, 1, 2, 2, 2), iota(8)), Map.of(
                "weight", floats(dims(1, 1, 1, 1, 2), 1, -1), "bias", floats(dims(1), 1)));
        assertThat(diff.shape()).isEqualTo(Shape.of(1, 1, 2, 2, 1));
        assertThat(diff.toFloatArray()).containsExactly(0, 0, 0, 0);
        // 3x3x3 ones, 2x2x2 ones, stride 2, "same": one pad plane after each dim, so the last index sees 1 of 2
        TensorValue same = unary("conv", floats(dims(1, 1, 3, 3, 3), ones(27)), Map.of(
                "weight", floats(dims(1, 1, 2, 2, 2), ones(8)), "strides", TensorValue.vector(2, 2, 2),
                "pad_type", TensorValue.scalar("same")));
        assertThat(same.shape()).isEqualTo(Shape.of(1, 1, 2, 2, 2));
        assertThat(same.toFloatArray()).containsExactly(8, 4, 4, 2, 4, 2, 2, 1);
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

    private static TensorValue resize(TensorValue x, int h, int w, String mode) {
        return unary("resize_bilinear", x, Map.of("target_size_height", TensorValue.scalar(h),
                "target_size_width", TensorValue.scalar(w), "sampling_mode", TensorValue.scalar(mode)));
    }

    @Test
    void resizeBilinearSamplingModes() {
        TensorValue x = floats(dims(1, 1, 2), 0, 1);
        // UNALIGN_CORNERS: (i + 0.5) * 2/5 - 0.5, clamped: -0.3, 0.1, 0.5, 0.9, 1.3
        TensorValue un = resize(x, 1, 5, "UNALIGN_CORNERS");
        assertThat(un.shape()).isEqualTo(Shape.of(1, 1, 5));
        assertThat(un.toFloatArray()).containsExactly(new float[] {0, 0.1f, 0.5f, 0.9f, 1}, within(1e-6f));
        // DEFAULT: i * 2/4
        assertThat(resize(x, 1, 4, "DEFAULT").toFloatArray()).containsExactly(0, 0.5f, 1, 1);
        assertThat(resize(x, 1, 3, "STRICT_ALIGN_CORNERS").toFloatArray()).containsExactly(0, 0.5f, 1);
        // OFFSET_CORNERS: delta = max(1, 1)/4, sampled from delta/2
        assertThat(resize(x, 1, 4, "OFFSET_CORNERS").toFloatArray()).containsExactly(0.125f, 0.375f, 0.625f, 0.875f);
        // one output sample: ALIGN_CORNERS takes the middle, STRICT_ALIGN_CORNERS the first
        TensorValue three = floats(dims(1, 1, 3), 0, 2, 4);
        assertThat(resize(three, 1, 1, "ALIGN_CORNERS").toFloatArray()).containsExactly(2);
        assertThat(resize(three, 1, 1, "STRICT_ALIGN_CORNERS").toFloatArray()).containsExactly(0);
        // both dims, fp16: rows 0, 0.5, 1 of [[0, 1], [2, 3]] at columns 0, 0.5, 1
        TensorValue half = resize(floats(dims(1, 2, 2), 0, 1, 2, 3).cast(DType.FP16), 3, 3, "ALIGN_CORNERS");
        assertThat(half.dtype()).isEqualTo(DType.FP16);
        assertThat(half.toFloatArray()).containsExactly(0, 0.5f, 1, 1, 1.5f, 2, 2, 2.5f, 3);
        // 0.1 rounded to fp16
        assertThat(resize(x.cast(DType.FP16), 1, 5, "UNALIGN_CORNERS").toFloatArray()[1]).isEqualTo(0.099975586f);
    }

    @Test
    void cropResize() {
        TensorValue x = floats(dims(1, 1, 4, 4), iota(16)); // x[r][c] = 4r + c
        Map<String, TensorValue> p = new LinkedHashMap<>();
        // rows 1..2, columns 1..3, sampled at the integer points
        p.put("roi", floats(dims(1, 1, 4, 1, 1), 1, 1, 2, 3));
        p.put("target_height", TensorValue.scalar(2));
        p.put("target_width", TensorValue.scalar(3));
        p.put("sampling_mode", TensorValue.scalar("STRICT_ALIGN_CORNERS"));
        TensorValue c = unary("crop_resize", x, p);
        assertThat(c.shape()).isEqualTo(Shape.of(1, 1, 1, 2, 3));
        assertThat(c.toFloatArray()).containsExactly(5, 6, 7, 9, 10, 11);
        // a 5-value box (image 0 first), normalized: rows 1.5..1.5, columns 0..3; one row: the middle (1.5)
        Map<String, TensorValue> q = new LinkedHashMap<>();
        q.put("roi", floats(dims(1, 1, 5, 1, 1), 0, 0.5f, 0, 0.5f, 1));
        q.put("target_height", TensorValue.scalar(1));
        q.put("target_width", TensorValue.scalar(2));
        q.put("normalized_coordinates", TensorValue.scalar(true));
        q.put("sampling_mode", TensorValue.scalar("ALIGN_CORNERS"));
        TensorValue n = unary("crop_resize", x, q);
        assertThat(n.shape()).isEqualTo(Shape.of(1, 1, 1, 1, 2));
        assertThat(n.toFloatArray()).containsExactly(6, 9);
    }

    @Test
    void cropResizeWithBoxIndicesAndPadding() {
        float[] two = new float[32];
        for (int i = 0; i < 32; i++) {
            two[i] = i < 16 ? i : 100 + i - 16;
        }
        TensorValue x = floats(dims(2, 1, 4, 4), two);
        Map<String, TensorValue> p = new LinkedHashMap<>();
        // [w_center, h_center, width, height]: rows 0..1, columns 1..2 of image 1
        p.put("boxes", floats(dims(1, 4), 1.5f, 0.5f, 1, 1));
        p.put("box_indices", TensorValue.vector(1));
        p.put("target_height", TensorValue.scalar(2));
        p.put("target_width", TensorValue.scalar(2));
        p.put("box_coordinate_mode", TensorValue.scalar("CENTER_SIZE_WIDTH_FIRST"));
        p.put("sampling_mode", TensorValue.scalar("STRICT_ALIGN_CORNERS"));
        TensorValue c = run("crop_resize", Opset.IOS17, Map.of("x", x), p).get(0);
        assertThat(c.shape()).isEqualTo(Shape.of(1, 1, 2, 2));
        assertThat(c.toFloatArray()).containsExactly(101, 102, 105, 106);
        // iOS16: row -1 lies outside the image and reads pad_value
        Map<String, TensorValue> q = new LinkedHashMap<>();
        q.put("roi", floats(dims(1, 1, 5, 1, 1), 0, -1, 0, 0, 0));
        q.put("target_height", TensorValue.scalar(2));
        q.put("sampling_mode", TensorValue.scalar("STRICT_ALIGN_CORNERS"));
        q.put("pad_value", TensorValue.scalar(9f));
        TensorValue padded = run("crop_resize", Opset.IOS16, Map.of("x", x), q).get(0);
        assertThat(padded.shape()).isEqualTo(Shape.of(1, 1, 1, 2, 1));
        assertThat(padded.toFloatArray()).containsExactly(9, 0);
    }
}
