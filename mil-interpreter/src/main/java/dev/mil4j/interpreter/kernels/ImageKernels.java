package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import java.util.List;

/**
 * Kernels of the upsampling ops over the last two dims: {@code upsample_nearest_neighbor} (output index {@code i}
 * reads {@code floor(i / scale)}) and {@code upsample_bilinear} ({@code align_corners} maps the corner pixels onto
 * each other; otherwise, with {@code half_pixel_centers}, pixel centers are aligned as in TensorFlow 2).
 */
final class ImageKernels {
    private ImageKernels() {
    }

    static void register(KernelRegistry r) {
        r.register("upsample_bilinear", ImageKernels::bilinear, KernelRegistry.BUILT_IN);
        r.register("upsample_nearest_neighbor", ImageKernels::nearest, KernelRegistry.BUILT_IN);
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
        float[] x = Tensors.floats(xv);
        int planes = inH * inW == 0 ? 0 : x.length / (inH * inW);
        float[] y = new float[planes * outH * outW];
        for (int oy = 0; oy < outH; oy++) {
            double fy = source(oy, inH, outH, sh, align, halfPixel);
            int y0 = (int) Math.floor(fy);
            int y1 = Math.min(y0 + 1, inH - 1);
            double wy = fy - y0;
            for (int ox = 0; ox < outW; ox++) {
                double fx = source(ox, inW, outW, sw, align, halfPixel);
                int x0 = (int) Math.floor(fx);
                int x1 = Math.min(x0 + 1, inW - 1);
                double wx = fx - x0;
                for (int p = 0; p < planes; p++) {
                    int base = p * inH * inW;
                    double top = x[base + y0 * inW + x0] * (1 - wx) + x[base + y0 * inW + x1] * wx;
                    double bottom = x[base + y1 * inW + x0] * (1 - wx) + x[base + y1 * inW + x1] * wx;
                    y[(p * outH + oy) * outW + ox] = (float) (top * (1 - wy) + bottom * wy);
                }
            }
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
}
