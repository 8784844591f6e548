package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.Arrays;

/**
 * {@code Resize} with scales or sizes computed at run time: every axis is
 * resampled by {@code gather}s at indices computed at run time from its output length ({@code sizes}, or
 * {@code floor(size * scale)}) and the source coordinate of each output index (every coordinate transformation but
 * {@code tf_crop_and_resize}, with {@code scale = size / input size} when sizes are given). Nearest gathers the
 * rounded coordinate; linear gathers the two neighbours of {@code floor(x)} (clamped into the input, which is ONNX's
 * edge padding) and blends them by {@code x - floor(x)}; cubic weighs four neighbours by the cubic convolution kernel.
 * The output sizes are known only at run time.
 */
final class ResizeRunTime {
    private ResizeRunTime() {
    }

    /** Whether this form computes a resize of {@code mode} with {@code coords}. */
    static boolean supports(String mode, String coords) {
        return !coords.equals("tf_crop_and_resize");
    }

    /**
     * Resizes {@code x}; {@code sizes} (int32) or, when null, {@code scales} (fp32) give one value per dim of
     * {@code x}.
     */
    static Var resize(Builder b, Var x, Var sizes, Var scales, String mode, String coords, String nearestMode) {
        return resize(b, x, sizes, scales, mode, coords, nearestMode, -0.75, false);
    }

    /** {@link #resize} with the {@code cubic} mode's coefficient and {@code exclude_outside}. */
    static Var resize(Builder b, Var x, Var sizes, Var scales, String mode, String coords, String nearestMode,
            double cubicA, boolean exclude) {
        Var y = x;
        for (int d = 0; d < x.tensorType().rank(); d++) {
            Var at = b.constant(TensorValue.scalar(d));
            Var size = IndexTranslations.dimSize(b, x, d);
            Var sizeF = MathOps.cast(b, size, DType.FP32);
            Var count;
            Var scale;
            Var length; // the output length align_corners divides by: size * scale, not floored
            if (sizes != null) {
                count = TensorOps.gather(b, sizes, at, 0);
                length = MathOps.cast(b, count, DType.FP32);
                scale = MathOps.realDiv(b, length, sizeF);
            } else {
                scale = TensorOps.gather(b, scales, at, 0);
                length = MathOps.mul(b, sizeF, scale);
                count = MathOps.cast(b, MathOps.floor(b, length), DType.INT32);
            }
            Var i = MathOps.cast(b, MathOps.range1d(b, b.constant(TensorValue.scalar(0)), count,
                    b.constant(TensorValue.scalar(1))), DType.FP32);
            // an axis of scale 1 is left as it is (ONNX Runtime skips it whatever the coordinate transformation)
            Var source = TensorOps.select(b, MathOps.equal(b, scale, b.constant(TensorValue.scalar(1f))), i,
                    source(b, i, scale, sizeF, length, MathOps.cast(b, count, DType.FP32), coords));
            Var last = MathOps.add(b, size, -1);
            if (mode.equals("nearest")) {
                y = TensorOps.gather(b, y, index(b, rounded(b, source, nearestMode), last), d);
            } else if (mode.equals("cubic")) {
                y = cubic(b, y, d, source, last, cubicA, exclude);
            } else {
                Var low = MathOps.floor(b, source);
                Var weight = alongAxis(b, MathOps.sub(b, source, low), d, x.tensorType().rank());
                Var below = TensorOps.gather(b, y, index(b, low, last), d);
                Var above = TensorOps.gather(b, y, index(b, MathOps.add(b, low, 1), last), d);
                y = MathOps.add(b, below, MathOps.mul(b, MathOps.sub(b, above, below), weight));
            }
        }
        return y;
    }

    /**
     * Cubic along {@code d}: the four neighbours {@code floor(x) - 1 .. floor(x) + 2} (clamped into the input) weighed
     * by the cubic convolution kernel of coefficient {@code a} at their distances; with {@code exclude_outside} the
     * weights of neighbours outside the input are 0 and the others renormalized.
     */
    private static Var cubic(Builder b, Var y, int d, Var x, Var last, double a, boolean exclude) {
        int rank = y.tensorType().rank();
        Var low = MathOps.floor(b, x);
        Var t = MathOps.sub(b, x, low);
        Var[] weights = new Var[4];
        Var[] taps = new Var[4];
        for (int k = 0; k < 4; k++) {
            Var distance = MathOps.abs(b, MathOps.add(b, t, 1 - k));
            weights[k] = kernel(b, distance, a);
            taps[k] = MathOps.add(b, low, k - 1);
        }
        Var sum = null;
        if (exclude) {
            Var lastF = MathOps.cast(b, last, DType.FP32);
            for (int k = 0; k < 4; k++) {
                Var inside = MathOps.logicalAnd(b, MathOps.greaterEqual(b, taps[k], b.constant(TensorValue.scalar(0f))),
                        MathOps.lessEqual(b, taps[k], lastF));
                weights[k] = TensorOps.select(b, inside, weights[k], b.constant(TensorValue.scalar(0f)));
                sum = sum == null ? weights[k] : MathOps.add(b, sum, weights[k]);
            }
        }
        Var out = null;
        for (int k = 0; k < 4; k++) {
            Var w = sum == null ? weights[k] : MathOps.realDiv(b, weights[k], sum);
            Var term = MathOps.mul(b, TensorOps.gather(b, y, index(b, taps[k], last), d), alongAxis(b, w, d, rank));
            out = out == null ? term : MathOps.add(b, out, term);
        }
        return out;
    }

    /**
     * The cubic convolution kernel at distance {@code s >= 0}: {@code (a + 2) s^3 - (a + 3) s^2 + 1} below 1,
     * {@code a s^3 - 5 a s^2 + 8 a s - 4 a} from 1 to 2, 0 beyond.
     */
    private static Var kernel(Builder b, Var s, double a) {
        Var near = MathOps.add(b, MathOps.mul(b, MathOps.mul(b, MathOps.add(b, MathOps.mul(b, s, a + 2), -(a + 3)),
                s), s), 1);
        Var far = MathOps.add(b, MathOps.mul(b, MathOps.add(b, MathOps.mul(b, MathOps.add(b, MathOps.mul(b, s, a),
                -5 * a), s), 8 * a), s), -4 * a);
        Var one = b.constant(TensorValue.scalar(1f));
        Var two = b.constant(TensorValue.scalar(2f));
        return TensorOps.select(b, MathOps.less(b, s, one), near, TensorOps.select(b, MathOps.less(b, s, two), far,
                b.constant(TensorValue.scalar(0f))));
    }

    /**
     * The source coordinate of output index {@code i} under the coordinate transformation; {@code length} is the
     * output length before flooring, {@code out} the number of outputs.
     */
    private static Var source(Builder b, Var i, Var scale, Var in, Var length, Var out, String coords) {
        return switch (coords) {
            case "asymmetric" -> MathOps.realDiv(b, i, scale);
            case "tf_half_pixel_for_nn" -> MathOps.realDiv(b, MathOps.add(b, i, 0.5), scale);
            case "align_corners" -> {
                // a one-element output reads 0 (i is 0; the denominator made 1 instead of 0)
                Var denominator = MathOps.add(b, length, -1);
                Var span = MathOps.realDiv(b, MathOps.add(b, in, -1), TensorOps.select(b, MathOps.equal(b,
                        denominator, b.constant(TensorValue.scalar(0f))), b.constant(TensorValue.scalar(1f)),
                        denominator));
                yield MathOps.mul(b, i, span);
            }
            case "pytorch_half_pixel" -> TensorOps.select(b, MathOps.greater(b, out, b.constant(TensorValue
                    .scalar(1f))), halfPixel(b, i, scale), b.constant(TensorValue.scalar(0f)));
            default -> halfPixel(b, i, scale);
        };
    }

    private static Var halfPixel(Builder b, Var i, Var scale) {
        return MathOps.add(b, MathOps.realDiv(b, MathOps.add(b, i, 0.5), scale), -0.5);
    }

    /** Nearest rounding of ONNX's {@code nearest_mode}. */
    private static Var rounded(Builder b, Var x, String nearestMode) {
        return switch (nearestMode) {
            case "round_prefer_ceil" -> MathOps.floor(b, MathOps.add(b, x, 0.5));
            case "floor" -> MathOps.floor(b, x);
            case "ceil" -> MathOps.ceil(b, x);
            default -> MathOps.ceil(b, MathOps.add(b, x, -0.5));
        };
    }

    /** A float coordinate as an int32 index clamped into {@code [0, last]}. */
    private static Var index(Builder b, Var x, Var last) {
        Var i = MathOps.cast(b, x, DType.INT32);
        return MathOps.minimum(b, MathOps.maximum(b, i, b.constant(TensorValue.scalar(0))), last);
    }

    /** {@code v} (a vector) shaped to broadcast along axis {@code d} of a rank-{@code rank} tensor. */
    private static Var alongAxis(Builder b, Var v, int d, int rank) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[d] = -1;
        return TensorOps.reshape(b, v, shape);
    }
}
