package dev.mil4j.compression;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.Arrays;

/**
 * Per-channel scales of palettization (iOS18): each output channel (axis 0) divided by its largest magnitude (1 for
 * an all-zero channel), in the weight's precision, so that one table fits every channel's shape; the scales go to a
 * {@code constexpr_blockwise_shift_scale} of shape {@code [channels, 1, ...]} after the lookup.
 *
 * @param weight the weight
 * @param scales each channel's scale, rounded to the weight's dtype
 * @param normalized the weight divided by its channels' scales, in its dtype
 */
record ChannelScales(TensorValue weight, float[] scales, TensorValue normalized) {
    static ChannelScales of(TensorValue weight) {
        float[] w = Weights.floats(weight);
        int channels = (int) weight.shape().toLongArray()[0];
        int inner = w.length / channels;
        float[] scales = new float[channels];
        float[] normalized = new float[w.length];
        for (int c = 0; c < channels; c++) {
            float max = 0;
            for (int i = c * inner; i < (c + 1) * inner; i++) {
                max = Math.max(max, Math.abs(w[i]));
            }
            float s = Weights.round(weight.dtype(), max == 0 ? 1 : max);
            scales[c] = s;
            for (int i = c * inner; i < (c + 1) * inner; i++) {
                normalized[i] = Weights.round(weight.dtype(), w[i] / s);
            }
        }
        return new ChannelScales(weight, scales, Weights.floats(weight.dtype(), weight.shape(), normalized));
    }

    /** @return the scale table: the weight's rank, channels along axis 0 */
    TensorValue table() {
        long[] dims = new long[weight.shape().rank()];
        Arrays.fill(dims, 1);
        dims[0] = scales.length;
        return Weights.floats(weight.dtype(), Shape.of(dims), scales);
    }

    /** @return the palettized normalized values scaled back, as the load-time op computes them */
    float[] restore(float[] palettized) {
        int inner = palettized.length / scales.length;
        float[] out = new float[palettized.length];
        DType dtype = weight.dtype();
        for (int i = 0; i < out.length; i++) {
            out[i] = Weights.round(dtype, (float) ((double) palettized[i] * scales[i / inner]));
        }
        return out;
    }
}
