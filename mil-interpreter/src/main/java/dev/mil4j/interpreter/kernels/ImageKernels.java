package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import java.util.Arrays;
import java.util.List;

/**
 * Kernels of the resampling ops over the last two dims: {@code upsample_nearest_neighbor} (output index {@code i}
 * reads {@code floor(i / scale)}), {@code upsample_bilinear} ({@code align_corners} maps the corner pixels onto
 * each other; otherwise, with {@code half_pixel_centers}, pixel centers are aligned as in TensorFlow 2),
 * {@code resize_bilinear} (to a target size, the grid placed by {@code sampling_mode}) and {@code crop_resize}
 * (boxes cut from each image and resized bilinearly, the grid of each box placed by {@code sampling_mode});
 * {@code resample} is {@link ResampleKernel}.
 */
final class ImageKernels {
    private ImageKernels() {
    }

    static void register(KernelRegistry r) {
        r.register("upsample_bilinear", ImageKernels::bilinear, KernelRegistry.BUILT_IN);
        r.register("upsample_nearest_neighbor", ImageKernels::nearest, KernelRegistry.BUILT_IN);
        r.register("resize_bilinear", ImageKernels::resize, KernelRegistry.BUILT_IN);
        r.register("crop_resize", ImageKernels::cropResize, KernelRegistry.BUILT_IN);
        r.register("resample", ResampleKernel::resample, KernelRegistry.BUILT_IN);
    }

    private static List<TensorValue> nearest(KernelContext ctx) {
        TensorValue x = ctx.input("x");
        long[] xs = Tensors.shape(x);
        long[] os = ((TensorType) ctx.op().inferTypes(ctx).get(0)).shape().toLongArray();
        double sh = ctx.input("scale_factor_height").scalarDouble();
        double sw = ctx.input("scale_factor_width").scalarDouble();
        int r = xs.length;
        return List.of(SliceKernels.mapped(x, xs, os, (d, i) -> d == r - 2
                ? Math.min(xs[d] - 1, (long) Math.floor(i / sh))
                : d == r - 1 ? Math.min(xs[d] - 1, (long) Math.floor(i / sw)) : i));
    }

    private static List<TensorValue> bilinear(KernelContext ctx) {
        TensorValue xv = ctx.input("x");
        long[] xs = Tensors.shape(xv);
        long[] os = ((TensorType) ctx.op().inferTypes(ctx).get(0)).shape().toLongArray();
        boolean align = ctx.constBoolean("align_corners");
        boolean halfPixel = ctx.optionalInput("half_pixel_centers").map(TensorValue::scalarBoolean).orElse(!align);
        int r = xs.length;
        int inH = (int) xs[r - 2];
        int inW = (int) xs[r - 1];
        int outH = (int) os[r - 2];
        int outW = (int) os[r - 1];
        double sh = ctx.input("scale_factor_height").scalarDouble();
        double sw = ctx.input("scale_factor_width").scalarDouble();
        double[] ys = new double[outH];
        for (int i = 0; i < outH; i++) {
            ys[i] = source(i, inH, outH, sh, align, halfPixel);
        }
        double[] xs2 = new double[outW];
        for (int i = 0; i < outW; i++) {
            xs2[i] = source(i, inW, outW, sw, align, halfPixel);
        }
        float[] y = new float[Tensors.size(os)];
        float[] x = Tensors.floats(xv);
        int planes = inH * inW == 0 ? 0 : x.length / (inH * inW);
        for (int p = 0; p < planes; p++) {
            sample(x, p * inH * inW, inH, inW, ys, xs2, Float.NaN, y, p * outH * outW);
        }
        return List.of(Tensors.fromFloats(ctx.outputDtype(0), os, y));
    }

    /** The source coordinate of output index {@code i}, clamped into {@code [0, in - 1]}. */
    private static double source(int i, int in, int out, double scale, boolean align, boolean halfPixel) {
        double s;
        if (align) {
            s = out > 1 ? i * (double) (in - 1) / (out - 1) : 0;
        } else if (halfPixel) {
            s = (i + 0.5) / scale - 0.5;
        } else {
            s = i / scale;
        }
        return Math.max(0, Math.min(in - 1, s));
    }

    /** {@code resize_bilinear}: the grid of every spatial dim spans the whole input, placed by the sampling mode. */
    private static List<TensorValue> resize(KernelContext ctx) {
        TensorValue xv = ctx.input("x");
        long[] xs = Tensors.shape(xv);
        int r = xs.length;
        int inH = (int) xs[r - 2];
        int inW = (int) xs[r - 1];
        int outH = (int) ctx.constLong("target_size_height");
        int outW = (int) ctx.constLong("target_size_width");
        String mode = ctx.constValue("sampling_mode").scalarString();
        double[] ys = grid(mode, 0, inH - 1, outH);
        double[] xg = grid(mode, 0, inW - 1, outW);
        long[] os = xs.clone();
        os[r - 2] = outH;
        os[r - 1] = outW;
        float[] x = Tensors.floats(xv);
        float[] y = new float[Tensors.size(os)];
        int planes = inH * inW == 0 ? 0 : x.length / (inH * inW);
        for (int p = 0; p < planes; p++) {
            sample(x, p * inH * inW, inH, inW, ys, xg, Float.NaN, y, p * outH * outW);
        }
        return List.of(Tensors.fromFloats(ctx.outputDtype(0), os, y));
    }

    /**
     * {@code crop_resize}: each box, in pixels after {@code normalized_coordinates} (scaled by {@code H - 1},
     * {@code W - 1}) and {@code spatial_scale}, is sampled on a {@code [target_height, target_width]} grid placed
     * by the sampling mode between its corners. iOS15 applies 4-value boxes to every image (5-value boxes name their
     * image first); iOS17 takes {@code boxes} and {@code box_indices}. Samples outside the image read
     * {@code pad_value} (iOS16 on); before iOS16 they are clamped to the border.
     */
    private static List<TensorValue> cropResize(KernelContext ctx) {
        TensorValue xv = ctx.input("x");
        long[] xs = Tensors.shape(xv);
        int batch = (int) xs[0];
        int channels = (int) xs[1];
        int inH = (int) xs[2];
        int inW = (int) xs[3];
        int outH = (int) ctx.constLong("target_height");
        int outW = (int) ctx.constLong("target_width");
        String mode = ctx.constValue("sampling_mode").scalarString();
        String boxMode = ctx.constValue("box_coordinate_mode").scalarString();
        double scaleH = ctx.constBoolean("normalized_coordinates") ? inH - 1 : 1;
        double scaleW = ctx.constBoolean("normalized_coordinates") ? inW - 1 : 1;
        double spatial = ctx.input("spatial_scale").scalarDouble();
        float pad = ctx.op().since().compareTo(Opset.IOS16) >= 0
                ? (float) ctx.input("pad_value").scalarDouble() : Float.NaN;
        // Every (box, image) pair to crop, in output order: the 4 coordinates and the image index.
        double[][] boxes;
        int[] images;
        if (ctx.boundInputs().contains("boxes")) {
            TensorValue b = ctx.input("boxes");
            int n = (int) Tensors.shape(b)[0];
            double[] v = b.toDoubleArray();
            long[] idx = ctx.optionalInput("box_indices").map(TensorValue::toLongArray).orElse(null);
            boxes = new double[n][];
            images = new int[n];
            for (int i = 0; i < n; i++) {
                boxes[i] = Arrays.copyOfRange(v, 4 * i, 4 * i + 4);
                images[i] = idx == null ? i : (int) idx[i];
            }
        } else {
            TensorValue roi = ctx.input("roi");
            long[] rs = Tensors.shape(roi);
            int n = (int) rs[0];
            int k = (int) rs[2];
            double[] v = roi.toDoubleArray();
            int perBox = k == 5 ? 1 : batch;
            boxes = new double[n * perBox][];
            images = new int[n * perBox];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < perBox; j++) {
                    boxes[i * perBox + j] = Arrays.copyOfRange(v, i * k + k - 4, i * k + k);
                    images[i * perBox + j] = k == 5 ? (int) v[i * k] : j;
                }
            }
        }
        float[] x = Tensors.floats(xv);
        float[] y = new float[boxes.length * channels * outH * outW];
        for (int b = 0; b < boxes.length; b++) {
            if (images[b] < 0 || images[b] >= batch) {
                throw new IllegalArgumentException("box " + b + " names image " + images[b] + ", outside the "
                        + batch + " images of x");
            }
            double[] c = corners(boxes[b], boxMode);
            double[] ys = grid(mode, c[0] * scaleH * spatial, c[2] * scaleH * spatial, outH);
            double[] xg = grid(mode, c[1] * scaleW * spatial, c[3] * scaleW * spatial, outW);
            for (int ch = 0; ch < channels; ch++) {
                sample(x, (images[b] * channels + ch) * inH * inW, inH, inW, ys, xg, pad, y,
                        (b * channels + ch) * outH * outW);
            }
        }
        long[] os = ((TensorType) ctx.op().inferTypes(ctx).get(0)).shape().toLongArray();
        return List.of(Tensors.fromFloats(ctx.outputDtype(0), os, y));
    }

    /** A box as {@code [h_start, w_start, h_end, w_end]}. */
    private static double[] corners(double[] b, String mode) {
        return switch (mode) {
            case "CORNERS_HEIGHT_FIRST" -> b;
            case "CORNERS_WIDTH_FIRST" -> new double[] {b[1], b[0], b[3], b[2]};
            case "CENTER_SIZE_HEIGHT_FIRST" -> new double[] {b[0] - b[2] / 2, b[1] - b[3] / 2, b[0] + b[2] / 2,
                b[1] + b[3] / 2};
            case "CENTER_SIZE_WIDTH_FIRST" -> new double[] {b[1] - b[3] / 2, b[0] - b[2] / 2, b[1] + b[3] / 2,
                b[0] + b[2] / 2};
            default -> throw new IllegalArgumentException("input `box_coordinate_mode` is '" + mode + "'");
        };
    }

    /**
     * The {@code out} sample positions between {@code start} and {@code end} (the whole input for resize:
     * {@code 0} and {@code in - 1}), as the MIL sampling modes place them, with {@code L = end - start}:
     * STRICT_ALIGN_CORNERS {@code start + i L / (out - 1)}; ALIGN_CORNERS the same but the middle for one sample;
     * DEFAULT {@code start + i (L + 1) / out}; OFFSET_CORNERS {@code start + (i + 0.5) max(1, L) / out};
     * UNALIGN_CORNERS {@code start + (i + 0.5) (L + 1) / out - 0.5}. Not clamped.
     */
    static double[] grid(String mode, double start, double end, int out) {
        double len = end - start;
        double[] g = new double[out];
        for (int i = 0; i < out; i++) {
            g[i] = start + switch (mode) {
                case "STRICT_ALIGN_CORNERS" -> out > 1 ? i * len / (out - 1) : 0;
                case "ALIGN_CORNERS" -> out > 1 ? i * len / (out - 1) : len / 2;
                case "DEFAULT" -> out > 1 ? i * ((len + 1) - (len + 1) / out) / (out - 1) : 0;
                case "OFFSET_CORNERS" -> (i + 0.5) * Math.max(1, len) / out;
                case "UNALIGN_CORNERS" -> (i + 0.5) * (len + 1) / out - 0.5;
                default -> throw new IllegalArgumentException("input `sampling_mode` is '" + mode + "'");
            };
        }
        return g;
    }

    /**
     * Bilinear samples of one {@code inH x inW} plane of {@code x} (at {@code from}) at rows {@code ys} and columns
     * {@code xs}, written to {@code y} from {@code to}. A position outside {@code [0, in - 1]} reads {@code pad}, or
     * is clamped to the border when {@code pad} is NaN.
     */
    private static void sample(float[] x, int from, int inH, int inW, double[] ys, double[] xs, float pad,
            float[] y, int to) {
        int outW = xs.length;
        for (int oy = 0; oy < ys.length; oy++) {
            boolean outY = ys[oy] < 0 || ys[oy] > inH - 1;
            double fy = Math.max(0, Math.min(inH - 1, ys[oy]));
            int y0 = (int) Math.floor(fy);
            int y1 = Math.min(y0 + 1, inH - 1);
            double wy = fy - y0;
            for (int ox = 0; ox < outW; ox++) {
                if (!Float.isNaN(pad) && (outY || xs[ox] < 0 || xs[ox] > inW - 1)) {
                    y[to + oy * outW + ox] = pad;
                    continue;
                }
                double fx = Math.max(0, Math.min(inW - 1, xs[ox]));
                int x0 = (int) Math.floor(fx);
                int x1 = Math.min(x0 + 1, inW - 1);
                double wx = fx - x0;
                double top = x[from + y0 * inW + x0] * (1 - wx) + x[from + y0 * inW + x1] * wx;
                double bottom = x[from + y1 * inW + x0] * (1 - wx) + x[from + y1 * inW + x1] * wx;
                y[to + oy * outW + ox] = (float) (top * (1 - wy) + bottom * wy);
            }
        }
    }
}
