package dev.mil4j.interpreter.kernels;

import dev.mil4j.interpreter.KernelContext;

/**
 * The geometry of a sliding-window op over 3 spatial dims {@code [D, H, W]} ({@code conv}, pooling): input and
 * output sizes, kernel, strides, dilations and the padding before and after each dim, as {@code pad_type} asks.
 */
record Volume(int[] in, int[] out, int[] k, int[] s, int[] d, int[] before, int[] after) {

    /** The geometry of a forward window op; {@code dilations} may be null (1). */
    static Volume forward(KernelContext ctx, long[] xs, long[] os, long[] kernel, long[] dilations) {
        long[] dil = dilations == null ? new long[] {1, 1, 1} : dilations;
        int[][] pads = Windows.padding(ctx, xs, os, kernel, dil);
        long[] strides = ctx.input("strides").toLongArray();
        int[] in = new int[3];
        int[] out = new int[3];
        int[] k = new int[3];
        int[] s = new int[3];
        int[] d = new int[3];
        for (int i = 0; i < 3; i++) {
            in[i] = (int) xs[2 + i];
            out[i] = (int) os[2 + i];
            k[i] = (int) kernel[i];
            s[i] = (int) strides[i];
            d[i] = (int) dil[i];
        }
        return new Volume(in, out, k, s, d, pads[0], pads[1]);
    }

    int inSize() {
        return in[0] * in[1] * in[2];
    }

    int outPlane() {
        return out[1] * out[2];
    }

    int outSize() {
        return out[0] * outPlane();
    }

    int kernelSize() {
        return k[0] * k[1] * k[2];
    }

    /**
     * Unfolds the receptive fields of output depths {@code [od0, od1)}:
     * {@code col[(c*kD*kH*kW + kd*kH*kW + kh*kW + kw), (od-od0)*outH*outW + oh*outW + ow]}, zero outside the input.
     */
    void im2col(float[] x, int xOff, int channels, int od0, int od1, float[] col) {
        int cols = (od1 - od0) * outPlane();
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int plane = xOff + c * inSize();
            for (int kd = 0; kd < k[0]; kd++) {
                for (int kh = 0; kh < k[1]; kh++) {
                    for (int kw = 0; kw < k[2]; kw++, row++) {
                        int o = row * cols;
                        for (int od = od0; od < od1; od++) {
                            int id = od * s[0] - before[0] + kd * d[0];
                            for (int oh = 0; oh < out[1]; oh++, o += out[2]) {
                                int ih = oh * s[1] - before[1] + kh * d[1];
                                if (id < 0 || id >= in[0] || ih < 0 || ih >= in[1]) {
                                    java.util.Arrays.fill(col, o, o + out[2], 0f);
                                    continue;
                                }
                                int rowOff = plane + (id * in[1] + ih) * in[2];
                                for (int ow = 0; ow < out[2]; ow++) {
                                    int iw = ow * s[2] - before[2] + kw * d[2];
                                    col[o + ow] = iw >= 0 && iw < in[2] ? x[rowOff + iw] : 0f;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
