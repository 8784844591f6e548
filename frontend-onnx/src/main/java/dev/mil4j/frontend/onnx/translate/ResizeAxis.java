package dev.mil4j.frontend.onnx.translate;

/**
 * How ONNX's {@code Resize} samples one axis, computed at conversion time from the static sizes: the source
 * coordinate of every output index, then, by mode, the input index it reads ({@code nearest}) or the weights of the
 * input indices it mixes ({@code linear}, {@code cubic}: one row of the axis's interpolation matrix). Points that
 * {@code tf_crop_and_resize} places outside the input are marked to read {@code extrapolation_value}.
 *
 * <p>The formulas are those of the ONNX specification and its reference implementation: with the scale {@code s}
 * (given, or output size / input size when sizes are given), {@code half_pixel} maps {@code i} to
 * {@code (i + 0.5) / s - 0.5}, {@code pytorch_half_pixel} the same but 0 for a one-element output,
 * {@code align_corners} {@code i (in - 1) / (s in - 1)} (0 for a one-element output), {@code asymmetric}
 * {@code i / s}, {@code tf_half_pixel_for_nn} {@code (i + 0.5) / s}, {@code tf_crop_and_resize} between the roi's
 * start and end. Neighbours past the edges repeat the edge values (unless {@code exclude_outside} drops them and
 * renormalizes); at a whole-number coordinate, linear and cubic read exactly that input.
 */
record ResizeAxis(long in, int out, double[] source, boolean[] outside) {
    /** The source coordinates of the {@code out} output indices. */
    static ResizeAxis of(String coords, long in, int out, double scale, double outLength, double roiStart,
            double roiEnd) {
        double[] source = new double[out];
        boolean[] outside = new boolean[out];
        for (int i = 0; i < out; i++) {
            double s = switch (coords) {
                case "half_pixel" -> (i + 0.5) / scale - 0.5;
                case "pytorch_half_pixel" -> out > 1 ? (i + 0.5) / scale - 0.5 : 0;
                case "align_corners" -> outLength == 1 ? 0 : i * (in - 1) / (outLength - 1);
                case "asymmetric" -> i / scale;
                case "tf_half_pixel_for_nn" -> (i + 0.5) / scale;
                case "tf_crop_and_resize" -> (outLength == 1 ? (roiEnd - roiStart) * (in - 1) / 2
                        : i * (roiEnd - roiStart) * (in - 1) / (outLength - 1)) + roiStart * (in - 1);
                default -> throw new IllegalArgumentException(coords);
            };
            // an axis of scale 1 is left as it is (ONNX Runtime skips it whatever the coordinate transformation)
            boolean keep = scale == 1 && out == in && !coords.equals("tf_crop_and_resize");
            source[i] = keep ? i : s;
            outside[i] = coords.equals("tf_crop_and_resize") && (s < 0 || s > in - 1);
        }
        return new ResizeAxis(in, out, source, outside);
    }

    /** Whether every output index reads its own input index (nothing to do on this axis). */
    boolean isIdentity() {
        if (out != in) {
            return false;
        }
        for (int i = 0; i < out; i++) {
            if (source[i] != i || outside[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether some point reads the extrapolation value. */
    boolean extrapolates() {
        for (boolean o : outside) {
            if (o) {
                return true;
            }
        }
        return false;
    }

    /** The input index each output index reads, rounded by {@code nearest_mode} and clamped to the input. */
    int[] nearest(String nearestMode) {
        int[] idx = new int[out];
        for (int i = 0; i < out; i++) {
            double x = source[i];
            long left = (long) Math.ceil(x) - 1;
            double ratio = x - left;
            boolean right = switch (nearestMode) {
                case "round_prefer_floor" -> ratio > 0.5;
                case "round_prefer_ceil" -> ratio >= 0.5;
                case "floor" -> ratio == 1;
                case "ceil" -> true;
                default -> throw new IllegalArgumentException(nearestMode);
            };
            idx[i] = (int) clamp(right ? left + 1 : left);
        }
        return idx;
    }

    /**
     * The interpolation matrix {@code [out, in]}: row {@code i} weighs the inputs that output {@code i} mixes
     * ({@code cubic} when {@code cubicA} is a number, else linear); rows of points outside are zero.
     */
    double[][] weights(boolean cubic, double cubicA, boolean excludeOutside) {
        double[][] w = new double[out][(int) in];
        for (int i = 0; i < out; i++) {
            if (outside[i]) {
                continue;
            }
            double x = source[i];
            long left = (long) Math.ceil(x) - 1;
            double ratio = x - left;
            double[] coeffs = cubic ? cubicCoefficients(ratio, cubicA) : new double[] {1 - ratio, ratio};
            long first = cubic ? left - 1 : left;
            double sum = 0;
            for (int k = 0; k < coeffs.length; k++) {
                long j = first + k;
                if (excludeOutside && (j < 0 || j >= in)) {
                    coeffs[k] = 0;
                }
                sum += coeffs[k];
            }
            for (int k = 0; k < coeffs.length; k++) {
                w[i][(int) clamp(first + k)] += excludeOutside ? coeffs[k] / sum : coeffs[k];
            }
        }
        return w;
    }

    /** Keys' cubic convolution weights of the four neighbours at distance {@code 1 + r, r, 1 - r, 2 - r}. */
    private static double[] cubicCoefficients(double r, double a) {
        double s = 1 - r;
        return new double[] {
            ((a * (r + 1) - 5 * a) * (r + 1) + 8 * a) * (r + 1) - 4 * a,
            ((a + 2) * r - (a + 3)) * r * r + 1,
            ((a + 2) * s - (a + 3)) * s * s + 1,
            ((a * (s + 1) - 5 * a) * (s + 1) + 8 * a) * (s + 1) - 4 * a};
    }

    private long clamp(long j) {
        return Math.max(0, Math.min(in - 1, j));
    }
}
