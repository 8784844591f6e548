package dev.mil4j.compression;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.Fp16;
import dev.mil4j.core.value.TensorValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Conversions between weights and the arrays the compressors work on. */
final class Weights {
    private static final float[] HALF_TO_FLOAT = new float[1 << 16];

    static {
        for (int bits = 0; bits < HALF_TO_FLOAT.length; bits++) {
            HALF_TO_FLOAT[bits] = Fp16.toFloat((short) bits);
        }
    }

    private Weights() {
    }

    /** @return the elements of a float weight (fp16 through a table of all 65536 values) */
    static float[] floats(TensorValue w) {
        if (w.dtype() != DType.FP16) {
            return w.toFloatArray();
        }
        short[] bits = halfBits(w);
        float[] out = new float[bits.length];
        for (int i = 0; i < bits.length; i++) {
            out[i] = HALF_TO_FLOAT[bits[i] & 0xffff];
        }
        return out;
    }

    /** @return the raw binary16 elements of an fp16 weight */
    static short[] halfBits(TensorValue w) {
        short[] bits = new short[Math.toIntExact(w.elementCount())];
        w.buffer().asShortBuffer().get(bits);
        return bits;
    }

    /** @return a float tensor of {@code dtype} holding {@code values} (fp16 rounded to nearest even) */
    static TensorValue floats(DType dtype, Shape shape, float[] values) {
        if (dtype == DType.FP32) {
            return TensorValue.ofFloats(shape, values);
        }
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            b.putShort(2 * i, Fp16.fromFloat(values[i]));
        }
        return TensorValue.wrap(DType.FP16, shape, b);
    }

    /** @return {@code v} rounded to the precision of {@code dtype} */
    static float round(DType dtype, float v) {
        return dtype == DType.FP16 ? Fp16.toFloat(Fp16.fromFloat(v)) : v;
    }

    /** @return a tensor of one-byte integers (int8, uint8 or sub-byte) */
    static TensorValue bytes(DType dtype, Shape shape, byte[] values) {
        return TensorValue.wrap(dtype, shape, ByteBuffer.wrap(values));
    }

    /** @return an uint32 shape vector, as the iOS16 ops take */
    static TensorValue shape(Shape shape) {
        return TensorValue.fromLongs(DType.UINT32, Shape.of(shape.rank()), shape.toLongArray());
    }

    /**
     * @return the signal-to-noise ratio in dB and the largest absolute difference of {@code approx} against
     *     {@code exact}, in one pass
     */
    static double[] errors(float[] exact, float[] approx) {
        double signal = 0;
        double noise = 0;
        double worst = 0;
        for (int i = 0; i < exact.length; i++) {
            signal += (double) exact[i] * exact[i];
            double d = exact[i] - approx[i];
            noise += d * d;
            worst = Math.max(worst, Math.abs(d));
        }
        return new double[] {noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise), worst};
    }

    /** @return the largest absolute difference */
    static double maxAbsError(float[] exact, float[] approx) {
        double worst = 0;
        for (int i = 0; i < exact.length; i++) {
            worst = Math.max(worst, Math.abs(exact[i] - approx[i]));
        }
        return worst;
    }
}
