package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import java.util.List;

/**
 * Kernels of {@code max_pool}, {@code avg_pool} and {@code l2_pool} over 1 or 2 spatial dims. Output sizes (ceil
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
}
