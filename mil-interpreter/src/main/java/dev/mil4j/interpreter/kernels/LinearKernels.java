package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import java.util.Arrays;
import java.util.List;

/**
 * Kernels of the linear-algebra ops: {@code linear} ({@code x W^T + b}) and {@code matmul} (batched, broadcasting
 * batch dims, optional transposes, rank-1 operands promoted as numpy does) on blocked float products;
 * {@code einsum} through its definition.
 */
final class LinearKernels {
    private LinearKernels() {
    }

    static void register(KernelRegistry r) {
        r.register("einsum", DefinitionKernel.INSTANCE, KernelRegistry.BUILT_IN);
        r.register("linear", LinearKernels::linear, KernelRegistry.BUILT_IN);
        r.register("matmul", LinearKernels::matmul, KernelRegistry.BUILT_IN);
    }

    /** {@code linear(x, weight, bias)}: {@code x[..., Din] . weight[Dout, Din]^T + bias[Dout]}. */
    private static List<TensorValue> linear(KernelContext ctx) {
        TensorValue x = ctx.input("x");
        TensorValue w = ctx.input("weight");
        long[] xs = Tensors.shape(x);
        long[] ws = Tensors.shape(w);
        int k = (int) ws[1];
        int n = (int) ws[0];
        if (xs[xs.length - 1] != k) {
            throw new IllegalArgumentException("input `x` has " + xs[xs.length - 1] + " features but `weight` "
                    + Arrays.toString(ws) + " expects " + k);
        }
        float[] a = Tensors.floats(x);
        int m = k == 0 ? 0 : a.length / k;
        float[] c = new float[m * n];
        Gemm.multiplyTransposed(a, Tensors.floats(w), c, m, k, n);
        ctx.optionalInput("bias").ifPresent(bias -> {
            float[] b = Tensors.floats(bias);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += b[j];
                }
            }
        });
        long[] out = xs.clone();
        out[out.length - 1] = n;
        return List.of(Tensors.fromFloats(ctx.outputDtype(0), out, c));
    }

    /** {@code matmul(x, y, transpose_x, transpose_y)} with numpy's batch broadcasting. */
    private static List<TensorValue> matmul(KernelContext ctx) {
        TensorValue x = ctx.input("x");
        TensorValue y = ctx.input("y");
        boolean tx = ctx.constBoolean("transpose_x");
        boolean ty = ctx.constBoolean("transpose_y");
        long[] xs = Tensors.shape(x);
        long[] ys = Tensors.shape(y);
        if (xs.length == 1) {
            xs = new long[] {1, xs[0]};
            tx = false;
        }
        if (ys.length == 1) {
            ys = new long[] {ys[0], 1};
            ty = false;
        }
        int xr = xs.length;
        int yr = ys.length;
        int m = (int) (tx ? xs[xr - 1] : xs[xr - 2]);
        int k = (int) (tx ? xs[xr - 2] : xs[xr - 1]);
        int ky = (int) (ty ? ys[yr - 1] : ys[yr - 2]);
        int n = (int) (ty ? ys[yr - 2] : ys[yr - 1]);
        if (k != ky) {
            throw new IllegalArgumentException("inner dims differ: x gives " + k + ", y gives " + ky);
        }
        long[] xb = Arrays.copyOf(xs, xr - 2);
        long[] yb = Arrays.copyOf(ys, yr - 2);
        long[] batch = Broadcasting.shape(xb, yb);
        int[] xsrc = Broadcasting.sources(batch, xb);
        int[] ysrc = Broadcasting.sources(batch, yb);
        float[] a = Tensors.floats(x);
        float[] b = Tensors.floats(y);
        float[] c = new float[xsrc.length * m * n];
        for (int i = 0; i < xsrc.length; i++) {
            int aOff = xsrc[i] * m * k;
            int bOff = ysrc[i] * k * n;
            float[] aa = a;
            float[] bb = b;
            if (tx) {
                aa = Gemm.transpose(a, aOff, k, m);
                aOff = 0;
            }
            if (ty) {
                bb = Gemm.transpose(b, bOff, n, k);
                bOff = 0;
            }
            Gemm.multiply(aa, aOff, bb, bOff, c, i * m * n, m, k, n);
        }
        TensorType outType = ctx.outputType(0);
        long[] out = new long[outType.rank()];
        long[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = m;
        full[batch.length + 1] = n;
        if (out.length == full.length) {
            out = full;
        } else {
            // a rank-1 operand's promoted dim is dropped again
            int j = 0;
            for (int i = 0; i < full.length; i++) {
                if (i == batch.length && Tensors.shape(x).length == 1
                        || i == batch.length + 1 && Tensors.shape(y).length == 1) {
                    continue;
                }
                out[j++] = full[i];
            }
        }
        return List.of(Tensors.fromFloats(ctx.outputDtype(0), out, c));
    }
}
