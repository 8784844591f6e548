package dev.mil4j.ops.image;

import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.Optional;

/**
 * Value inference of the image data-movement ops (fp16/fp32 only): output element {@code i} is input element
 * {@code src(i)}, where {@code src} sees the output multi-index.
 */
final class Picks {
    /** Outputs larger than this are not folded. */
    static final long MAX_ELEMENTS = 1 << 20;

    /**
     * Where an output element, given by its multi-index, reads the input (a multi-index of {@code x}); false when it
     * reads nothing (a zero of padding).
     */
    interface Source {
        boolean of(long[] outIndex, long[] inIndex);
    }

    private Picks() {
    }

    static Optional<TensorValue> pick(TensorValue x, Shape out, Source source) {
        if (!out.isStatic() || out.elementCount().orElseThrow() > MAX_ELEMENTS) {
            return Optional.empty();
        }
        long[] xs = x.shape().toLongArray();
        long[] os = out.toLongArray();
        long[] strides = new long[xs.length];
        long acc = 1;
        for (int d = xs.length - 1; d >= 0; d--) {
            strides[d] = acc;
            acc *= xs[d];
        }
        double[] in = x.toDoubleArray();
        double[] values = new double[Math.toIntExact(out.elementCount().orElseThrow())];
        long[] oi = new long[os.length];
        long[] ii = new long[xs.length];
        for (int i = 0; i < values.length; i++) {
            long flat = i;
            for (int d = os.length - 1; d >= 0; d--) {
                oi[d] = flat % os[d];
                flat /= os[d];
            }
            if (!source.of(oi, ii)) {
                continue;
            }
            long s = 0;
            for (int d = 0; d < xs.length; d++) {
                s += ii[d] * strides[d];
            }
            values[i] = in[Math.toIntExact(s)];
        }
        return Optional.of(TensorValue.fromDoubles(x.dtype(), out, values));
    }
}
