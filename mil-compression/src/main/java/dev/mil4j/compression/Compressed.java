package dev.mil4j.compression;

import dev.mil4j.core.value.TensorValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One weight in compressed form: the constexpr op to build, its constant inputs in order, and the dense values it
 * reconstructs (for the report's error).
 *
 * @param op the constexpr op type
 * @param suffix appended to the weight's name to name the op ({@code _quantized}, {@code _palettized}, ...)
 * @param inputs the op's const inputs
 * @param computed the op's inputs that a constexpr op of their own computes (a quantized lookup table's
 *     {@code constexpr_blockwise_shift_scale}), named after this op and the input ({@code W_palettized_lut})
 * @param bits bits per element of the compressed data
 * @param reconstructed the weight the ops compute
 * @param scale when not null, the op's output is scaled by it at load time (a {@code constexpr_blockwise_shift_scale}
 *     after it: per-channel scales of palettes)
 */
record Compressed(String op, String suffix, Map<String, TensorValue> inputs, Map<String, Compressed> computed,
        int bits, float[] reconstructed, TensorValue scale) {
    Compressed {
        inputs = new LinkedHashMap<>(inputs);
        computed = new LinkedHashMap<>(computed);
    }

    Compressed(String op, String suffix, Map<String, TensorValue> inputs, int bits, float[] reconstructed,
            TensorValue scale) {
        this(op, suffix, inputs, Map.of(), bits, reconstructed, scale);
    }

    Compressed(String op, String suffix, Map<String, TensorValue> inputs, int bits, float[] reconstructed) {
        this(op, suffix, inputs, Map.of(), bits, reconstructed, null);
    }

    /** @return the stored size of the inputs (those of computed inputs included), sub-byte integers packed */
    long storedBytes() {
        long n = 0;
        for (TensorValue v : inputs.values()) {
            n += v.dtype().isSubByte() ? (v.elementCount() * v.dtype().bitWidth() + 7) / 8 : v.byteSize();
        }
        for (Compressed c : computed.values()) {
            n += c.storedBytes();
        }
        return n + (scale == null ? 0 : scale.byteSize());
    }
}
