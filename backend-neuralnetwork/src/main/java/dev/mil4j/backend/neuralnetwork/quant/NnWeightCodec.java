package dev.mil4j.backend.neuralnetwork.quant;

import com.google.protobuf.ByteString;
import dev.mil4j.core.value.Fp16;
import dev.mil4j.spec.proto.LinearQuantizationParams;
import dev.mil4j.spec.proto.LookUpTableQuantizationParams;
import dev.mil4j.spec.proto.QuantizationParams;
import dev.mil4j.spec.proto.WeightParams;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The stored forms of a NeuralNetwork {@link WeightParams}: fp32 {@code floatValue}, fp16 {@code float16Value}, and
 * quantized {@code rawValue} with {@code linearQuantization} (one scale and bias per output channel, or one for all)
 * or {@code lookupTableQuantization}. Quantized values of fewer than 8 bits are packed as Core ML reads them (and
 * coremltools' {@code numpy.packbits} writes them): the first value in the most significant bits of the first byte.
 */
public final class NnWeightCodec {
    private NnWeightCodec() {
    }

    /**
     * The values of a weight as fp32, whatever its stored form.
     *
     * @param count the number of values (a packed {@code rawValue} may end in padding bits)
     * @throws IllegalArgumentException when the weight holds fewer values than {@code count} or a malformed table
     */
    public static float[] dequantize(WeightParams w, int count) {
        return dequantize(w, count, 0);
    }

    /**
     * As {@link #dequantize(WeightParams, int)}, with the layout of a linear quantization's channels: value {@code i}
     * is in channel {@code (i / inner) % channels}; {@code inner} 0 means {@code count / channels} (the channels are
     * the outer axis, as for inner products and convolutions), {@code kH * kW} the second axis of a deconvolution's
     * {@code [C_in, C_out / groups, kH, kW]} weights, as coremltools quantizes them.
     */
    public static float[] dequantize(WeightParams w, int count, int inner) {
        if (w.getFloatValueCount() > 0) {
            requireCount(w.getFloatValueCount(), count, "floatValue");
            float[] out = new float[count];
            for (int i = 0; i < count; i++) {
                out[i] = w.getFloatValue(i);
            }
            return out;
        }
        if (!w.getFloat16Value().isEmpty()) {
            ByteBuffer b = w.getFloat16Value().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            requireCount(b.remaining() / 2, count, "float16Value");
            float[] out = new float[count];
            for (int i = 0; i < count; i++) {
                out[i] = Fp16.toFloat(b.getShort());
            }
            return out;
        }
        if (!w.hasQuantization()) {
            requireCount(0, count, "the weight");
            return new float[0];
        }
        QuantizationParams q = w.getQuantization();
        int bits = (int) q.getNumberOfBits();
        if (bits < 1 || bits > 8) {
            throw new IllegalArgumentException("quantization.numberOfBits is " + bits + "; Core ML reads 1 to 8");
        }
        requireCount((int) Math.min(Integer.MAX_VALUE, w.getRawValue().size() * 8L / bits), count, "rawValue");
        int[] codes = unpack(w.getRawValue(), bits, count);
        float[] out = new float[count];
        if (q.hasLinearQuantization()) {
            LinearQuantizationParams l = q.getLinearQuantization();
            int channels = l.getScaleCount();
            if (channels == 0 || count % channels != 0 || l.getBiasCount() != channels) {
                throw new IllegalArgumentException("linearQuantization has " + channels + " scales and "
                        + l.getBiasCount() + " biases for " + count + " values; give one of each per output channel");
            }
            int block = inner > 0 ? inner : count / channels;
            for (int i = 0; i < count; i++) {
                int c = i / block % channels;
                out[i] = l.getScale(c) * codes[i] + l.getBias(c);
            }
        } else if (q.hasLookupTableQuantization()) {
            LookUpTableQuantizationParams t = q.getLookupTableQuantization();
            if (t.getFloatValueCount() != 1 << bits) {
                throw new IllegalArgumentException("lookupTableQuantization has " + t.getFloatValueCount()
                        + " entries; a " + bits + "-bit table has " + (1 << bits));
            }
            for (int i = 0; i < count; i++) {
                out[i] = t.getFloatValue(codes[i]);
            }
        } else {
            throw new IllegalArgumentException("quantization names neither linearQuantization nor "
                    + "lookupTableQuantization");
        }
        return out;
    }

    /** {@code codes} (each below {@code 2^bits}) packed most significant bits first, the last byte zero-padded. */
    public static ByteString pack(int[] codes, int bits) {
        byte[] out = new byte[(int) ((codes.length * (long) bits + 7) / 8)];
        long bit = 0;
        for (int code : codes) {
            for (int b = bits - 1; b >= 0; b--, bit++) {
                if ((code >>> b & 1) != 0) {
                    out[(int) (bit >>> 3)] |= (byte) (0x80 >>> (bit & 7));
                }
            }
        }
        return ByteString.copyFrom(out);
    }

    /** The first {@code count} codes of {@code bits} bits each in {@code raw}, most significant bits first. */
    public static int[] unpack(ByteString raw, int bits, int count) {
        int[] codes = new int[count];
        if (bits == 8) {
            for (int i = 0; i < count; i++) {
                codes[i] = raw.byteAt(i) & 0xff;
            }
            return codes;
        }
        long bit = 0;
        for (int i = 0; i < count; i++) {
            int code = 0;
            for (int b = 0; b < bits; b++, bit++) {
                code = code << 1 | (raw.byteAt((int) (bit >>> 3)) >>> (7 - (bit & 7)) & 1);
            }
            codes[i] = code;
        }
        return codes;
    }

    /**
     * {@code values} quantized to 8 bits with one scale and bias per channel, value {@code i} in channel
     * {@code (i / inner) % channels} ({@code inner} 0: the channels split the values evenly, outer axis first).
     */
    static WeightParams linear8(float[] values, int channels, int inner) {
        int block = inner > 0 ? inner : values.length / channels;
        float[] min = new float[channels];
        float[] max = new float[channels];
        java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < values.length; i++) {
            int c = i / block % channels;
            min[c] = Math.min(min[c], values[i]);
            max[c] = Math.max(max[c], values[i]);
        }
        float[] scale = new float[channels];
        LinearQuantizationParams.Builder l = LinearQuantizationParams.newBuilder();
        for (int c = 0; c < channels; c++) {
            scale[c] = max[c] > min[c] ? (max[c] - min[c]) / 255f : 1f;
            l.addScale(scale[c]).addBias(min[c]);
        }
        int[] codes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            int c = i / block % channels;
            codes[i] = Math.min(255, Math.max(0, Math.round((values[i] - min[c]) / scale[c])));
        }
        return WeightParams.newBuilder().setRawValue(pack(codes, 8)).setQuantization(QuantizationParams.newBuilder()
                .setNumberOfBits(8).setLinearQuantization(l)).build();
    }

    /** {@code values} as indices of {@code bits} bits into {@code table} (sorted ascending), each to its nearest. */
    static WeightParams lookupTable(float[] values, float[] table, int bits) {
        int[] codes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            codes[i] = LookupTables.nearest(table, values[i]);
        }
        LookUpTableQuantizationParams.Builder t = LookUpTableQuantizationParams.newBuilder();
        for (float v : table) {
            t.addFloatValue(v);
        }
        return WeightParams.newBuilder().setRawValue(pack(codes, bits)).setQuantization(QuantizationParams
                .newBuilder().setNumberOfBits(bits).setLookupTableQuantization(t)).build();
    }

    private static void requireCount(int held, int count, String field) {
        if (held < count) {
            throw new IllegalArgumentException(field + " holds " + held + " values where the layer needs " + count);
        }
    }
}
