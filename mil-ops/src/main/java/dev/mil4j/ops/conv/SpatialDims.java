package dev.mil4j.ops.conv;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.value.TensorValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * Dimension arithmetic shared by the convolution, pooling and image ops: sliding-window output sizes, scaling and
 * division of dims, and the reading of const per-spatial-dimension vectors ({@code strides}, {@code pad}, ...).
 *
 * <p>Known dims are computed exactly. A dim computed from a symbol becomes a fresh symbol whose name spells the
 * arithmetic, e.g. {@code H_k3s2p1} for a window of 3 with stride 2 and 1 pad over {@code H}, or {@code W_x2} for
 * {@code W * 2}. The names are deterministic, so the same expression over the same symbol is the same dim wherever
 * it is computed; where the arithmetic is the identity (stride 1 "same" padding, a factor of 1) the input symbol is
 * kept.
 */
public final class SpatialDims {
    private SpatialDims() {
    }

    /**
     * The output size of a sliding window: {@code floor((in + padTotal - kernel) / stride) + 1}, or with
     * {@code ceilMode} the PyTorch-style ceiling form (which drops a last window starting inside the trailing pad).
     *
     * @param kernel the effective (dilated) kernel size
     * @param axis   the spatial axis, for messages
     * @throws TypeException on input {@code x} when a known input is too small for the window
     */
    public static Dim window(Dim in, long kernel, long stride, long padTotal, boolean ceilMode, int axis) {
        if (!in.isKnown()) {
            if (stride == 1 && padTotal == kernel - 1 && !ceilMode) {
                return in;
            }
            return derived(in, "k" + kernel + "s" + stride + "p" + padTotal + (ceilMode ? "c" : ""));
        }
        long size = in.size();
        long out;
        if (!ceilMode) {
            out = Math.floorDiv(size + padTotal - kernel, stride) + 1;
        } else {
            out = Math.floorDiv(size + padTotal - kernel + stride - 1, stride) + 1;
            if (padTotal > 0 && 2 * (out - 1) * stride >= 2 * size + padTotal) {
                out--;
            }
        }
        if (out <= 0) {
            throw new TypeException("x", "spatial dimension " + axis + " has size " + size
                    + ", too small for a window of " + kernel + " with " + padTotal
                    + " padding (output size " + out + "); use a smaller kernel or more padding");
        }
        return Dim.of(out);
    }

    /** {@code ceil(in / stride)}: the output size of "same" padding. */
    public static Dim ceilDiv(Dim in, long stride) {
        if (stride == 1) {
            return in;
        }
        return in.isKnown() ? Dim.of(Math.floorDiv(in.size() + stride - 1, stride)) : derived(in, "cdiv" + stride);
    }

    /** {@code floor(in / divisor)}. */
    public static Dim floorDiv(Dim in, long divisor) {
        if (divisor == 1) {
            return in;
        }
        return in.isKnown() ? Dim.of(in.size() / divisor) : derived(in, "div" + divisor);
    }

    /** {@code in * factor}. */
    public static Dim times(Dim in, long factor) {
        if (factor == 1) {
            return in;
        }
        return in.isKnown() ? Dim.of(Math.multiplyExact(in.size(), factor)) : derived(in, "x" + factor);
    }

    /** {@code floor(in * scale)}, as the upsampling ops size their outputs. */
    public static Dim scaled(Dim in, double scale) {
        if (scale == Math.rint(scale)) {
            return times(in, (long) scale);
        }
        if (in.isKnown()) {
            return Dim.of((long) Math.floor(in.size() * scale));
        }
        String text = String.format(Locale.ROOT, "%s", scale).replace('.', 'p').replace("E", "e").replace('-', 'm');
        return derived(in, "x" + text);
    }

    /** {@code (in - 1) * stride + kernel - padTotal}: the output size of a transposed convolution. */
    public static Dim transposedWindow(Dim in, long kernel, long stride, long padTotal) {
        if (!in.isKnown()) {
            if (stride == 1 && kernel - 1 == padTotal) {
                return in;
            }
            return derived(in, "tk" + kernel + "s" + stride + "p" + padTotal);
        }
        return Dim.of((in.size() - 1) * stride + kernel - padTotal);
    }

    /** A fresh symbol named after {@code in} and the arithmetic applied to it. */
    public static Dim derived(Dim in, String suffix) {
        return Dim.symbol(in + "_" + suffix);
    }

    /**
     * A const int vector input of exactly {@code length} values, each at least {@code min}.
     *
     * @throws TypeException naming the input otherwise
     */
    public static long[] vector(InferenceContext ctx, String input, int length, long min) {
        TensorValue v = ctx.constValue(input);
        if (v.shape().rank() != 1 || v.elementCount() != length) {
            throw new TypeException(input, "must hold " + length + " values (one per spatial dimension"
                    + (input.equals("pad") ? ", before and after" : "") + "), got shape " + v.shape());
        }
        long[] values = v.toLongArray();
        for (long x : values) {
            if (x < min) {
                throw new TypeException(input, "must hold values of at least " + min + ", got "
                        + Arrays.toString(values));
            }
        }
        return values;
    }

    /** An all-{@code value} int32 vector of {@code length}, for computed defaults. */
    public static TensorValue filled(int length, int value) {
        int[] v = new int[Math.max(length, 0)];
        Arrays.fill(v, value);
        return TensorValue.vector(v);
    }
}
