package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import java.util.List;

/**
 * Kernels of {@code max_pool}, {@code avg_pool} and {@code l2_pool} over 1, 2 or 3 spatial dims. Output sizes (ceil
 * mode included) come from the op's type inference on the actual shapes. Max pooling ignores positions outside the
 * input; average pooling divides by the window's positions inside the padded input, or only inside the input when
 * {@code exclude_padding_from_average} is set; L2 pooling is the root of the sum of squares inside the input.
 */
final class PoolKernels {
    private enum Kind { MAX, AVG, L2 }

    private PoolKernels() {
    }

    static void register(KernelRegistry r) {
        r.register("avg_pool", ctx -> pool(ctx, Kind.AVG), KernelRegistry.BUILT_IN);
        r.register("l2_pool", ctx -> pool(ctx, Kind.L2), KernelRegistry.BUILT_IN);
        r.register("max_pool", ctx -> pool(ctx, Kind.MAX), KernelRegistry.BUILT_IN);
    }

    private static List<TensorValue> pool(KernelContext ctx, Kind kind) {
        TensorValue xv = ctx.input("x");
        long[] xs = Tensors.shape(xv);
        long[] os = ((TensorType) ctx.op().inferTypes(ctx).get(0)).shape().toLongArray();
        if (xs.length == 5) {
            return List.of(pool3d(ctx, kind, xv, xs, os));
        }
        Windows g = Windows.forward(ctx, xs, os, ctx.input("kernel_sizes").toLongArray(), null);
        boolean exclude = kind == Kind.AVG && ctx.constBoolean("exclude_padding_from_average");
        int planes = (int) (xs[0] * xs[1]);
        float[] x = Tensors.floats(xv);
        float[] y = new float[planes * g.outSize()];
        for (int p = 0; p < planes; p++) {
            int in = p * g.inSize();
            int out = p * g.outSize();
            for (int oy = 0; oy < g.outH(); oy++) {
                int y0 = oy * g.sH() - g.padTop();
                for (int ox = 0; ox < g.outW(); ox++) {
                    int x0 = ox * g.sW() - g.padLeft();
                    float acc = kind == Kind.MAX ? Float.NEGATIVE_INFINITY : 0f;
                    int inside = 0;
                    int padded = 0;
                    for (int ky = 0; ky < g.kH(); ky++) {
                        int iy = y0 + ky;
                        for (int kx = 0; kx < g.kW(); kx++) {
                            int ix = x0 + kx;
                            if (iy >= -g.padTop() && iy < g.inH() + g.padBottom() && ix >= -g.padLeft()
                                    && ix < g.inW() + g.padRight()) {
                                padded++;
                            }
                            if (iy < 0 || iy >= g.inH() || ix < 0 || ix >= g.inW()) {
                                continue;
                            }
                            float v = x[in + iy * g.inW() + ix];
                            inside++;
                            switch (kind) {
                                case MAX -> acc = Math.max(acc, v);
                                case AVG -> acc += v;
                                case L2 -> acc += v * v;
                            }
                        }
                    }
                    y[out + oy * g.outW() + ox] = switch (kind) {
                        case MAX -> acc;
                        case AVG -> acc / Math.max(1, exclude ? inside : padded);
                        case L2 -> (float) Math.sqrt(acc);
                    };
                }
            }
        }
        return List.of(Tensors.fromFloats(ctx.outputDtype(0), os, y));
    }

    /** Pooling over 3 spatial dims {@code [D, H, W]}, by the same rules as the 1-d and 2-d windows. */
    private static TensorValue pool3d(KernelContext ctx, Kind kind, TensorValue xv, long[] xs, long[] os) {
        Volume v = Volume.forward(ctx, xs, os, ctx.input("kernel_sizes").toLongArray(), null);
        boolean exclude = kind == Kind.AVG && ctx.constBoolean("exclude_padding_from_average");
        int[] in = v.in();
        int[] out = v.out();
        int planes = (int) (xs[0] * xs[1]);
        float[] x = Tensors.floats(xv);
        float[] y = new float[planes * v.outSize()];
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int base = p * v.inSize();
            for (int od = 0; od < out[0]; od++) {
                for (int oh = 0; oh < out[1]; oh++) {
                    for (int ow = 0; ow < out[2]; ow++, o++) {
                        int[] start = {od * v.s()[0] - v.before()[0], oh * v.s()[1] - v.before()[1],
                                ow * v.s()[2] - v.before()[2]};
                        float acc = kind == Kind.MAX ? Float.NEGATIVE_INFINITY : 0f;
                        int inside = 0;
                        int padded = 1;
                        for (int i = 0; i < 3; i++) {
                            int lo = Math.max(start[i], -v.before()[i]);
                            int hi = Math.min(start[i] + v.k()[i], in[i] + v.after()[i]);
                            padded *= Math.max(0, hi - lo);
                        }
                        for (int id = Math.max(0, start[0]); id < Math.min(in[0], start[0] + v.k()[0]); id++) {
                            for (int ih = Math.max(0, start[1]); ih < Math.min(in[1], start[1] + v.k()[1]); ih++) {
                                int row = base + (id * in[1] + ih) * in[2];
                                for (int iw = Math.max(0, start[2]); iw < Math.min(in[2], start[2] + v.k()[2]);
                                        iw++) {
                                    float e = x[row + iw];
                                    inside++;
                                    switch (kind) {
                                        case MAX -> acc = Math.max(acc, e);
                                        case AVG -> acc += e;
                                        case L2 -> acc += e * e;
                                    }
                                }
                            }
                        }
                        y[o] = switch (kind) {
                            case MAX -> acc;
                            case AVG -> acc / Math.max(1, exclude ? inside : padded);
                            case L2 -> (float) Math.sqrt(acc);
                        };
                    }
                }
            }
        }
        return Tensors.fromFloats(ctx.outputDtype(0), os, y);
    }
}
