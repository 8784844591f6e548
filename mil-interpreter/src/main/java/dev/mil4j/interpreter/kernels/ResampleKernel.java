package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import java.util.List;

/**
 * {@code resample}: every output point {@code [b, c, h, w]} samples image {@code x[b, c]} at
 * {@code coordinates[b, h, w] = (x, y)}. Normalized coordinates become pixels first ({@code align_corners}: -1 and 1
 * are the corner pixels' centers, {@code (c + 1) (S - 1) / 2}; otherwise the image's outer edges,
 * {@code ((c + 1) S - 1) / 2}; {@code normalized_zero_to_one} maps {@code c} to {@code 2c - 1} first). Points outside
 * the image are moved by {@code padding_mode}: {@code border} clamps them, {@code reflection} mirrors them about the
 * edge pixels' centers ({@code 0}, {@code S - 1}), {@code symmetric} about the outer edges ({@code -0.5},
 * {@code S - 0.5}, then clamps), {@code constant} leaves them and reads {@code padding_value} for every pixel outside.
 * {@code nearest} reads the pixel at the coordinate rounded half to even; {@code bilinear} weighs the four around it.
 */
final class ResampleKernel {
    private ResampleKernel() {
    }

    static List<TensorValue> resample(KernelContext ctx) {
        TensorValue xv = ctx.input("x");
        TensorValue cv = ctx.input("coordinates");
        long[] xs = Tensors.shape(xv);
        long[] cs = Tensors.shape(cv);
        int batch = (int) xs[0];
        int channels = (int) xs[1];
        int inH = (int) xs[2];
        int inW = (int) xs[3];
        int outH = (int) cs[1];
        int outW = (int) cs[2];
        boolean nearest = ctx.constValue("sampling_mode").scalarString().equals("nearest");
        String padding = ctx.constValue("padding_mode").scalarString();
        String mode = ctx.constValue("coordinates_mode").scalarString();
        boolean align = ctx.constBoolean("align_corners");
        float pad = (float) ctx.input("padding_value").scalarDouble();
        float[] x = Tensors.floats(xv);
        double[] c = cv.toDoubleArray();
        float[] y = new float[batch * channels * outH * outW];
        Image image = new Image(x, inH, inW, padding.equals("constant"), pad);
        for (int b = 0; b < batch; b++) {
            for (int p = 0; p < outH * outW; p++) {
                int at = (b * outH * outW + p) * 2;
                double px = place(pixel(c[at], inW, mode, align), inW, padding);
                double py = place(pixel(c[at + 1], inH, mode, align), inH, padding);
                for (int ch = 0; ch < channels; ch++) {
                    int plane = (b * channels + ch) * inH * inW;
                    y[(b * channels + ch) * outH * outW + p] = nearest
                            ? image.at(plane, (long) Math.rint(py), (long) Math.rint(px))
                            : image.bilinear(plane, py, px);
                }
            }
        }
        return List.of(Tensors.fromFloats(ctx.outputDtype(0), new long[] {batch, channels, outH, outW}, y));
    }

    /** A coordinate along a dim of {@code size} pixels, in pixels. */
    static double pixel(double c, int size, String mode, boolean align) {
        return switch (mode) {
            case "unnormalized" -> c;
            case "normalized_zero_to_one" -> pixel(2 * c - 1, size, "normalized_minus_one_to_one", align);
            default -> align ? (c + 1) / 2 * (size - 1) : ((c + 1) * size - 1) / 2;
        };
    }

    /** A pixel coordinate moved inside the image by the padding mode ({@code constant}: unchanged). */
    static double place(double p, int size, String padding) {
        return switch (padding) {
            case "border" -> clamp(p, size);
            case "reflection" -> reflect(p, 0, size - 1);
            case "symmetric" -> clamp(reflect(p, -0.5, size - 0.5), size);
            default -> p;
        };
    }

    private static double clamp(double p, int size) {
        return Math.max(0, Math.min(size - 1, p));
    }

    /** {@code p} mirrored about {@code lo} and {@code hi} until it lies between them. */
    static double reflect(double p, double lo, double hi) {
        double span = hi - lo;
        if (span <= 0 || Double.isNaN(p)) {
            return lo;
        }
        double d = Math.abs(p - lo);
        double flips = Math.floor(d / span);
        double rest = d - flips * span;
        return flips % 2 == 0 ? lo + rest : hi - rest;
    }

    /** One plane's pixels; a pixel outside reads the padding value, or the nearest edge pixel. */
    private record Image(float[] x, int h, int w, boolean constant, float pad) {
        float at(int plane, long row, long col) {
            if (row < 0 || row >= h || col < 0 || col >= w) {
                if (constant) {
                    return pad;
                }
                row = Math.max(0, Math.min(h - 1, row));
                col = Math.max(0, Math.min(w - 1, col));
            }
            return x[plane + (int) row * w + (int) col];
        }

        float bilinear(int plane, double py, double px) {
            long y0 = (long) Math.floor(py);
            long x0 = (long) Math.floor(px);
            double wy = py - y0;
            double wx = px - x0;
            double top = at(plane, y0, x0) * (1 - wx) + at(plane, y0, x0 + 1) * wx;
            double bottom = at(plane, y0 + 1, x0) * (1 - wx) + at(plane, y0 + 1, x0 + 1) * wx;
            return (float) (top * (1 - wy) + bottom * wy);
        }
    }
}
