package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import java.util.List;

/**
 * Spectral ops of opset 17: {@code DFT} and {@code STFT} as one {@code matmul} with a constant DFT matrix (the
 * transform length must be known at conversion time), and {@code MelWeightMatrix} ({@link MelWeightMatrix}).
 *
 * <p>The signal axis is moved next to the last (real/imaginary) axis and the two are flattened, so that one
 * {@code [n * c, 2 k]} matrix maps the {@code n} samples of {@code c} components (1 real, 2 complex) to {@code k}
 * interleaved real and imaginary bins: {@code X[k] = sum_n x[n] e^(-+2 pi i k n / L)} (divided by {@code L} for
 * the inverse). Samples beyond the transform length {@code L} ({@code dft_length}) have zero rows, and samples missing
 * up to it contribute nothing, which is ONNX's truncation and zero padding. The matrix entries are computed from
 * {@code k n mod L}, exact where the angle is a multiple of a quarter turn.
 */
final class SpectralTranslations {
    private SpectralTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                OnnxTranslations.of("DFT", 17, SpectralTranslations::dft),
                OnnxTranslations.of("MelWeightMatrix", 17, MelWeightMatrix::translate),
                OnnxTranslations.of("STFT", 17, SpectralTranslations::stft));
    }

    /** {@code DFT}-17: axis an attribute (default 1), {@code dft_length} an optional constant input. */
    private static List<Var> dft(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
        Var x = c.input(0);
        long[] s = c.staticShape(x, "DFT");
        int rank = s.length;
        int axis = c.axis(n.intAttribute("axis", 1), rank);
        int components = (int) s[rank - 1];
        if (rank < 3 || axis == rank - 1 || (components != 1 && components != 2)) {
            throw c.error("transforms axis " + axis + " of shape " + Shape.of(s) + "; expected [batch, ..., "
                    + "signal, ..., 1 or 2] and an axis before the last");
        }
        boolean inverse = n.intAttribute("inverse", 0) != 0;
        boolean onesided = n.intAttribute("onesided", 0) != 0;
        if (onesided && (inverse || components == 2)) {
            throw c.error("is onesided with " + (inverse ? "inverse=1" : "a complex input")
                    + "; ONNX defines onesided for forward transforms of real signals");
        }
        int samples = (int) s[axis];
        int length = c.hasInput(1) ? (int) c.constInput(1, "dft_length").getDouble(0) : samples;
        if (length < 1) {
            throw c.error("has dft_length " + length);
        }
        int bins = onesided ? length / 2 + 1 : length;
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i == axis ? rank - 2 : i == rank - 2 ? axis : i;
        }
        boolean moved = axis != rank - 2;
        Var y = moved ? TensorOps.transpose(b, x, perm) : x;
        int[] flat = new int[rank - 1];
        int[] out = new int[rank];
        for (int i = 0; i < rank - 2; i++) {
            flat[i] = (int) s[perm[i]];
            out[i] = flat[i];
        }
        flat[rank - 2] = samples * components;
        out[rank - 2] = bins;
        out[rank - 1] = 2;
        y = NnOps.matmul(b, TensorOps.reshape(b, y, flat), b.constant(matrix(x.tensorType().dtype(), samples,
                components, length, bins, inverse)));
        y = TensorOps.reshape(b, y, out);
        return List.of(moved ? TensorOps.transpose(b, y, perm) : y);
    }

    /**
     * {@code STFT}-17 of {@code [batch, samples, 1 or 2]}: frames of {@code frame_length} (a constant, or the
     * window's length) every {@code frame_step} (may arrive at run time) gathered as {@code [batch, frames, length,
     * c]}, multiplied by the window, and transformed ({@code onesided} by default).
     */
    private static List<Var> stft(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
        Var x = c.input(0);
        Shape s = x.tensorType().shape();
        if (s.rank() != 3 || !s.dim(2).isKnown() || (s.dim(2).size() != 1 && s.dim(2).size() != 2)) {
            throw c.error("has signal shape " + s + "; expected [batch, samples, 1 or 2]");
        }
        int components = (int) s.dim(2).size();
        int length = frameLength(c);
        boolean onesided = n.intAttribute("onesided", 1) != 0;
        if (onesided && components == 2) {
            throw c.error("is onesided with a complex signal; ONNX defines onesided for real signals");
        }
        int bins = onesided ? length / 2 + 1 : length;
        Var step = c.input(1);
        step = step.tensorType().isScalar() ? step : TensorOps.reshape(b, step);
        if (step.tensorType().dtype() != DType.INT32) {
            step = MathOps.cast(b, step, DType.INT32);
        }
        // frame f holds samples f * step + [0, length)
        Var zero = b.constant(TensorValue.scalar(0));
        Var one = b.constant(TensorValue.scalar(1));
        Var frames = MathOps.add(b, MathOps.floorDiv(b, MathOps.add(b, IndexTranslations.dimSize(b, x, 1),
                -length), step), 1);
        Var starts = MathOps.mul(b, MathOps.range1d(b, zero, frames, one), step);
        int[] offsets = new int[length];
        for (int i = 0; i < length; i++) {
            offsets[i] = i;
        }
        Var indices = MathOps.add(b, TensorOps.expandDims(b, starts, 1), b.constant(TensorValue.ofInts(
                Shape.of(1, length), offsets)));
        Var y = TensorOps.gather(b, x, indices, 1);
        if (c.hasInput(2)) {
            y = MathOps.mul(b, y, TensorOps.reshape(b, c.input(2), 1, 1, length, 1));
        }
        Dim batch = s.dim(0);
        Dim count = y.tensorType().shape().dim(1);
        int batchSize = batch.isKnown() ? (int) batch.size() : -1;
        int frameCount = count.isKnown() ? (int) count.size() : -1;
        if (batchSize < 0 && frameCount < 0) {
            throw c.error("needs a known batch size or frame count", "give the signal a fixed shape when converting");
        }
        y = TensorOps.reshape(b, y, batchSize, frameCount, length * components);
        y = NnOps.matmul(b, y, b.constant(matrix(x.tensorType().dtype(), length, components, length, bins, false)));
        return List.of(TensorOps.reshape(b, y, batchSize, frameCount, bins, 2));
    }

    /** The frame length: {@code frame_length} (constant) or the window's static length, which must agree. */
    private static int frameLength(OnnxTranslationContext c) {
        Integer fromWindow = null;
        if (c.hasInput(2)) {
            Shape w = c.input(2).tensorType().shape();
            if (w.rank() != 1) {
                throw c.error("has a window of shape " + w + "; expected a vector");
            }
            if (w.dim(0).isKnown()) {
                fromWindow = (int) w.dim(0).size();
            }
        }
        if (c.hasInput(3)) {
            int given = (int) c.constInput(3, "frame_length").getDouble(0);
            if (fromWindow != null && fromWindow != given) {
                throw c.error("has frame_length " + given + " but a window of " + fromWindow);
            }
            return given;
        }
        if (fromWindow == null) {
            throw c.error("has neither a constant frame_length nor a window of known length",
                    "the DFT matrix is built at conversion time from the frame length");
        }
        return fromWindow;
    }

    /**
     * The {@code [samples * components, 2 bins]} DFT matrix: row {@code n * components + j} (j = 0 real, 1
     * imaginary), column {@code 2 k} the real and {@code 2 k + 1} the imaginary part of bin {@code k}, for a
     * transform of length {@code length} (rows of samples at or beyond it are zero).
     */
    static TensorValue matrix(DType dtype, int samples, int components, int length, int bins, boolean inverse) {
        double sign = inverse ? 1 : -1;
        double scale = inverse ? 1.0 / length : 1;
        double[] w = new double[samples * components * 2 * bins];
        int cols = 2 * bins;
        for (int n = 0; n < Math.min(samples, length); n++) {
            for (int k = 0; k < bins; k++) {
                long turn = (long) n * k % length;
                double cos = quarterExact(turn, length, true);
                double sin = sign * quarterExact(turn, length, false);
                // (re + i im)(cos + i sin) = re cos - im sin + i (re sin + im cos)
                int re = n * components;
                w[re * cols + 2 * k] = cos * scale;
                w[re * cols + 2 * k + 1] = sin * scale;
                if (components == 2) {
                    w[(re + 1) * cols + 2 * k] = -sin * scale;
                    w[(re + 1) * cols + 2 * k + 1] = cos * scale;
                }
            }
        }
        return TensorValue.fromDoubles(dtype, Shape.of(samples * components, cols), w);
    }

    /** {@code cos} (or {@code sin}) of {@code 2 pi m / length}, exactly 0 or +-1 at multiples of a quarter turn. */
    private static double quarterExact(long m, int length, boolean cos) {
        if (4 * m % length == 0) {
            int quarter = (int) (4 * m / length);
            int[] cosines = {1, 0, -1, 0};
            int[] sines = {0, 1, 0, -1};
            return cos ? cosines[quarter] : sines[quarter];
        }
        double angle = 2 * Math.PI * m / length;
        return cos ? Math.cos(angle) : Math.sin(angle);
    }
}
