package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import java.util.List;

/**
 * Kernels of {@code conv} and {@code conv_transpose} (over 1, 2 or 3 spatial dims), with groups,
 * strides, dilations and every pad type. Convolution is im2col followed by a blocked product per group (a 1x1
 * unstrided convolution skips im2col; a 3-d one unfolds slabs of output depths at a time); the transposed convolution
 * is a product followed by col2im.
 */
final class ConvKernels {
    private ConvKernels() {
    }

    static void register(KernelRegistry r) {
        r.register("conv", ConvKernels::conv, KernelRegistry.BUILT_IN);
        r.register("conv_transpose", ConvKernels::convTranspose, KernelRegistry.BUILT_IN);
    }

    /** {@code conv(x[N, Cin, *D], weight[Cout, Cin/groups, *K], bias[Cout])}. */
    private static List<TensorValue> conv(KernelContext ctx) {
        TensorValue xv = ctx.input("x");
        TensorValue wv = ctx.input("weight");
        long[] xs = Tensors.shape(xv);
        TensorType outType = (TensorType) ctx.op().inferTypes(ctx).get(0);
        long[] os = outType.shape().toLongArray();
        if (xs.length == 5) {
            return List.of(conv3d(ctx, xv, wv, xs, os));
        }
        Windows g = Windows.forward(ctx, xs, os, Windows.kernelOf(wv), ctx.input("dilations").toLongArray());
        int groups = (int) ctx.constLong("groups");
        int n = (int) xs[0];
        int cin = (int) xs[1];
        int cout = (int) os[1];
        int cinG = cin / groups;
        int coutG = cout / groups;
        int kk = cinG * g.kH() * g.kW();
        float[] x = Tensors.floats(xv);
        float[] w = Tensors.floats(wv);
        float[] y = new float[n * cout * g.outSize()];
        boolean direct = g.kH() == 1 && g.kW() == 1 && g.sH() == 1 && g.sW() == 1 && g.padTop() == 0
                && g.padLeft() == 0 && g.inH() == g.outH() && g.inW() == g.outW();
        float[] col = direct ? null : new float[kk * g.outSize()];
        for (int b = 0; b < n; b++) {
            for (int gr = 0; gr < groups; gr++) {
                int xOff = (b * cin + gr * cinG) * g.inSize();
                float[] src = x;
                int srcOff = xOff;
                if (!direct) {
                    im2col(x, xOff, cinG, g, col);
                    src = col;
                    srcOff = 0;
                }
                Gemm.multiply(w, gr * coutG * kk, src, srcOff, y, (b * cout + gr * coutG) * g.outSize(), coutG, kk,
                        g.outSize());
            }
        }
        addBias(ctx, y, n, cout, g.outSize());
        return List.of(Tensors.fromFloats(ctx.outputDtype(0), os, y));
    }

    /** Floats of one im2col buffer of a 3-d convolution: output depths are unfolded a slab at a time. */
    private static final int COL_BUDGET = 1 << 22;

    /**
     * {@code conv} over 3 spatial dims {@code [D, H, W]}: per group, slabs of output depths unfolded
     * ({@link Volume#im2col}) and multiplied by the group's weights, as the 2-d kernel does for the whole output.
     */
    private static TensorValue conv3d(KernelContext ctx, TensorValue xv, TensorValue wv, long[] xs, long[] os) {
        Volume v = Volume.forward(ctx, xs, os, Windows.kernelOf(wv), ctx.input("dilations").toLongArray());
        int groups = (int) ctx.constLong("groups");
        int n = (int) xs[0];
        int cin = (int) xs[1];
        int cout = (int) os[1];
        int cinG = cin / groups;
        int coutG = cout / groups;
        int kk = cinG * v.kernelSize();
        int plane = v.outPlane();
        int slab = Math.max(1, Math.min(v.out()[0], COL_BUDGET / Math.max(1, kk * plane)));
        float[] x = Tensors.floats(xv);
        float[] w = Tensors.floats(wv);
        float[] y = new float[n * cout * v.outSize()];
        float[] col = new float[kk * slab * plane];
        float[] part = new float[coutG * slab * plane];
        for (int b = 0; b < n; b++) {
            for (int gr = 0; gr < groups; gr++) {
                int xOff = (b * cin + gr * cinG) * v.inSize();
                for (int od0 = 0; od0 < v.out()[0]; od0 += slab) {
                    int od1 = Math.min(v.out()[0], od0 + slab);
                    int cols = (od1 - od0) * plane;
                    v.im2col(x, xOff, cinG, od0, od1, col);
                    java.util.Arrays.fill(part, 0, coutG * cols, 0f);
                    Gemm.multiply(w, gr * coutG * kk, col, 0, part, 0, coutG, kk, cols);
                    for (int oc = 0; oc < coutG; oc++) {
                        System.arraycopy(part, oc * cols, y, (b * cout + gr * coutG + oc) * v.outSize()
                                + od0 * plane, cols);
                    }
                }
            }
        }
        addBias(ctx, y, n, cout, v.outSize());
        return Tensors.fromFloats(ctx.outputDtype(0), os, y);
    }

    /** Unfolds the receptive fields: {@code col[c*kH*kW + ky*kW + kx, oy*outW + ox]}, zero outside the input. */
    private static void im2col(float[] x, int xOff, int channels, Windows g, float[] col) {
        int outSize = g.outSize();
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int plane = xOff + c * g.inSize();
            for (int ky = 0; ky < g.kH(); ky++) {
                for (int kx = 0; kx < g.kW(); kx++, row++) {
                    int base = row * outSize;
                    for (int oy = 0; oy < g.outH(); oy++) {
                        int iy = oy * g.sH() - g.padTop() + ky * g.dH();
                        int o = base + oy * g.outW();
                        if (iy < 0 || iy >= g.inH()) {
                            java.util.Arrays.fill(col, o, o + g.outW(), 0f);
                            continue;
                        }
                        int rowOff = plane + iy * g.inW();
                        for (int ox = 0; ox < g.outW(); ox++) {
                            int ix = ox * g.sW() - g.padLeft() + kx * g.dW();
                            col[o + ox] = ix >= 0 && ix < g.inW() ? x[rowOff + ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** {@code conv_transpose(x[N, Cin, *D], weight[Cin, Cout/groups, *K], bias[Cout])}. */
    private static List<TensorValue> convTranspose(KernelContext ctx) {
        TensorValue xv = ctx.input("x");
        TensorValue wv = ctx.input("weight");
        long[] xs = Tensors.shape(xv);
        TensorType outType = (TensorType) ctx.op().inferTypes(ctx).get(0);
        long[] os = outType.shape().toLongArray();
        long[] kernel = Windows.kernelOf(wv);
        long[] dil = ctx.input("dilations").toLongArray();
        long[] strides = ctx.input("strides").toLongArray();
        String padType = ctx.input("pad_type").scalarString();
        long[] pad = ctx.input("pad").toLongArray();
        int spatial = xs.length - 2;
        int[] before = new int[spatial];
        int[] after = new int[spatial];
        for (int i = 0; i < spatial; i++) {
            long full = (xs[2 + i] - 1) * strides[i] + (kernel[i] - 1) * dil[i] + 1;
            long total = Math.max(0, full - os[2 + i]);
            before[i] = switch (padType) {
                case "custom" -> (int) pad[2 * i];
                case "same" -> (int) (total / 2);
                case "same_lower" -> (int) ((total + 1) / 2);
                default -> 0;
            };
            after[i] = (int) (total - before[i]);
        }
        if (spatial == 3) {
            return List.of(convTranspose3d(ctx, xv, wv, xs, os, kernel, strides, dil, before));
        }
        if (spatial < 1 || spatial > 3) {
            throw new IllegalArgumentException("input `x` has " + spatial + " spatial dims; the interpreter runs "
                    + "1-d, 2-d and 3-d transposed convolutions");
        }
        // the geometry seen from the output: the "input" of the window is the output of the op
        Windows g = Windows.of(os, xs, kernel, strides, dil, before, after);
        int groups = (int) ctx.constLong("groups");
        int n = (int) xs[0];
        int cin = (int) xs[1];
        int cout = (int) os[1];
        int cinG = cin / groups;
        int coutG = cout / groups;
        int kk = coutG * g.kH() * g.kW();
        float[] x = Tensors.floats(xv);
        float[] w = Tensors.floats(wv);
        float[] y = new float[n * cout * g.inSize()];
        float[] col = new float[kk * g.outSize()];
        for (int gr = 0; gr < groups; gr++) {
            // weight rows of this group: [cinG, coutG*kH*kW] -> transposed [kk, cinG]
            float[] wt = Gemm.transpose(w, gr * cinG * kk, cinG, kk);
            for (int b = 0; b < n; b++) {
                java.util.Arrays.fill(col, 0f);
                Gemm.multiply(wt, 0, x, (b * cin + gr * cinG) * g.outSize(), col, 0, kk, cinG, g.outSize());
                col2im(col, coutG, g, y, (b * cout + gr * coutG) * g.inSize());
            }
        }
        addBias(ctx, y, n, cout, g.inSize());
        return List.of(Tensors.fromFloats(ctx.outputDtype(0), os, y));
    }

    /**
     * {@code conv_transpose} over 3 spatial dims: every input element scatters its products with the kernel of its
     * group into the output, at {@code i * stride - before + k * dilation} per dim (the adjoint of a 3-d conv).
     */
    private static TensorValue convTranspose3d(KernelContext ctx, TensorValue xv, TensorValue wv, long[] xs,
            long[] os, long[] kernel, long[] strides, long[] dil, int[] before) {
        int groups = (int) ctx.constLong("groups");
        int n = (int) xs[0];
        int cin = (int) xs[1];
        int cout = (int) os[1];
        int cinG = cin / groups;
        int coutG = cout / groups;
        int[] in = {(int) xs[2], (int) xs[3], (int) xs[4]};
        int[] out = {(int) os[2], (int) os[3], (int) os[4]};
        int[] k = {(int) kernel[0], (int) kernel[1], (int) kernel[2]};
        int inSize = in[0] * in[1] * in[2];
        int outSize = out[0] * out[1] * out[2];
        int kSize = k[0] * k[1] * k[2];
        float[] x = Tensors.floats(xv);
        float[] w = Tensors.floats(wv);
        float[] y = new float[n * cout * outSize];
        for (int b = 0; b < n; b++) {
            for (int ci = 0; ci < cin; ci++) {
                int gr = ci / cinG;
                for (int i = 0; i < inSize; i++) {
                    float v = x[(b * cin + ci) * inSize + i];
                    if (v == 0f) {
                        continue;
                    }
                    int id = i / (in[1] * in[2]);
                    int ih = i / in[2] % in[1];
                    int iw = i % in[2];
                    for (int co = 0; co < coutG; co++) {
                        int wOff = (ci * coutG + co) * kSize;
                        int yOff = (b * cout + gr * coutG + co) * outSize;
                        for (int kd = 0; kd < k[0]; kd++) {
                            int od = (int) (id * strides[0] - before[0] + kd * dil[0]);
                            if (od < 0 || od >= out[0]) {
                                continue;
                            }
                            for (int kh = 0; kh < k[1]; kh++) {
                                int oh = (int) (ih * strides[1] - before[1] + kh * dil[1]);
                                if (oh < 0 || oh >= out[1]) {
                                    continue;
                                }
                                for (int kw = 0; kw < k[2]; kw++) {
                                    int ow = (int) (iw * strides[2] - before[2] + kw * dil[2]);
                                    if (ow >= 0 && ow < out[2]) {
                                        y[yOff + (od * out[1] + oh) * out[2] + ow] +=
                                                v * w[wOff + (kd * k[1] + kh) * k[2] + kw];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        addBias(ctx, y, n, cout, outSize);
        return Tensors.fromFloats(ctx.outputDtype(0), os, y);
    }

    /** Adds the columns back into the (op output) planes: the adjoint of {@link #im2col}. */
    private static void col2im(float[] col, int channels, Windows g, float[] y, int yOff) {
        int cols = g.outSize();
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int plane = yOff + c * g.inSize();
            for (int ky = 0; ky < g.kH(); ky++) {
                for (int kx = 0; kx < g.kW(); kx++, row++) {
                    for (int oy = 0; oy < g.outH(); oy++) {
                        int iy = oy * g.sH() - g.padTop() + ky * g.dH();
                        if (iy < 0 || iy >= g.inH()) {
                            continue;
                        }
                        for (int ox = 0; ox < g.outW(); ox++) {
                            int ix = ox * g.sW() - g.padLeft() + kx * g.dW();
                            if (ix >= 0 && ix < g.inW()) {
                                y[plane + iy * g.inW() + ix] += col[row * cols + oy * g.outW() + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    private static void addBias(KernelContext ctx, float[] y, int n, int channels, int plane) {
        ctx.optionalInput("bias").ifPresent(bias -> {
            float[] bv = Tensors.floats(bias);
            for (int b = 0; b < n; b++) {
                for (int c = 0; c < channels; c++) {
                    int off = (b * channels + c) * plane;
                    for (int i = 0; i < plane; i++) {
                        y[off + i] += bv[c];
                    }
                }
            }
        });
    }
}
