package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;

/**
 * The geometry of sliding-window ops over 1 or 2 spatial dims (a 1-d op runs as 2-d with height 1): input and
 * output sizes, kernel, stride, dilation, and the padding before each dim as {@code pad_type} asks.
 */
record Windows(int inH, int inW, int outH, int outW, int kH, int kW, int sH, int sW, int dH, int dW, int padTop,
        int padLeft, int padBottom, int padRight) {

    /**
     * The geometry of a forward window op ({@code conv}, pooling); {@code kernel} are the spatial kernel sizes,
     * {@code dilations} may be null (1).
     */
    static Windows forward(KernelContext ctx, long[] in, long[] out, long[] kernel, long[] dilations) {
        int spatial = in.length - 2;
        if (spatial < 1 || spatial > 2) {
            throw new IllegalArgumentException("input `x` has " + spatial + " spatial dims; the interpreter runs "
                    + "1-d and 2-d windows");
        }
        long[] strides = ctx.input("strides").toLongArray();
        long[] dil = dilations == null ? new long[] {1, 1} : dilations;
        int[][] pads = padding(ctx, in, out, kernel, dil);
        int[] before = pads[0];
        int[] after = pads[1];
        return of(in, out, kernel, strides, dil, before, after);
    }

    /**
     * The padding before ({@code [0]}) and after ({@code [1]}) each spatial dim of a forward window op, as
     * {@code pad_type} asks, for any number of spatial dims.
     */
    static int[][] padding(KernelContext ctx, long[] in, long[] out, long[] kernel, long[] dil) {
        int spatial = in.length - 2;
        long[] strides = ctx.input("strides").toLongArray();
        String padType = ctx.input("pad_type").scalarString();
        long[] pad = ctx.input("pad").toLongArray();
        int[] before = new int[spatial];
        int[] after = new int[spatial];
        for (int i = 0; i < spatial; i++) {
            long size = in[2 + i];
            long o = out[2 + i];
            long eff = (kernel[i] - 1) * dil[i] + 1;
            long total = Math.max(0, (o - 1) * strides[i] + eff - size);
            switch (padType) {
                case "custom" -> {
                    before[i] = (int) pad[2 * i];
                    after[i] = (int) pad[2 * i + 1];
                }
                case "same" -> {
                    before[i] = (int) (total / 2);
                    after[i] = (int) (total - total / 2);
                }
                case "same_lower" -> {
                    before[i] = (int) ((total + 1) / 2);
                    after[i] = (int) (total - (total + 1) / 2);
                }
                case "valid" -> {
                    before[i] = 0;
                    after[i] = (int) total;
                }
                default -> throw new IllegalArgumentException("input `pad_type` is '" + padType
                        + "'; use valid, same, same_lower or custom");
            }
        }
        return new int[][] {before, after};
    }

    static Windows of(long[] in, long[] out, long[] kernel, long[] strides, long[] dil, int[] before, int[] after) {
        if (in.length == 3) {
            return new Windows(1, (int) in[2], 1, (int) out[2], 1, (int) kernel[0], 1, (int) strides[0], 1,
                    (int) dil[0], 0, before[0], 0, after[0]);
        }
        return new Windows((int) in[2], (int) in[3], (int) out[2], (int) out[3], (int) kernel[0], (int) kernel[1],
                (int) strides[0], (int) strides[1], (int) dil[0], (int) dil[1], before[0], before[1], after[0],
                after[1]);
    }

    /** The spatial sizes of the kernel from a weight of shape {@code [O, I, *K]}. */
    static long[] kernelOf(TensorValue weight) {
        long[] ws = weight.shape().toLongArray();
        long[] k = new long[ws.length - 2];
        System.arraycopy(ws, 2, k, 0, k.length);
        return k;
    }

    int inSize() {
        return inH * inW;
    }

    int outSize() {
        return outH * outW;
    }
}
