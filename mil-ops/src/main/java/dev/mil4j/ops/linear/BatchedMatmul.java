package dev.mil4j.ops.linear;

import dev.mil4j.core.types.Broadcast;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;

/**
 * Constant folding for {@code matmul} and {@code linear}: {@code x @ y} over operands of rank 2 or more, batch dims
 * broadcast numpy-style. Operands are small constants, so this is plain row-major loops over doubles.
 */
final class BatchedMatmul {
    private BatchedMatmul() {
    }

    /**
     * Multiplies {@code x [..., M, K]} by {@code y [..., K, N]} (after the optional transposes of their last two
     * dims), returning a {@code dtype} tensor of shape {@code [broadcast(batch), M, N]}.
     */
    static TensorValue multiply(TensorValue x, boolean tx, TensorValue y, boolean ty, DType dtype) {
        long[] xs = x.shape().toLongArray();
        long[] ys = y.shape().toLongArray();
        int xr = xs.length;
        int yr = ys.length;
        int m = (int) (tx ? xs[xr - 1] : xs[xr - 2]);
        int k = (int) (tx ? xs[xr - 2] : xs[xr - 1]);
        int n = (int) (ty ? ys[yr - 2] : ys[yr - 1]);
        Shape xBatch = x.shape().slice(0, xr - 2);
        Shape yBatch = y.shape().slice(0, yr - 2);
        long[] batch = Broadcast.shapes(xBatch, yBatch).toLongArray();
        long batchCount = 1;
        for (long b : batch) {
            batchCount *= b;
        }
        double[] xv = x.toDoubleArray();
        double[] yv = y.toDoubleArray();
        double[] out = new double[Math.toIntExact(batchCount * m * n)];
        long[] index = new long[batch.length];
        for (long bi = 0; bi < batchCount; bi++) {
            long rem = bi;
            for (int d = batch.length - 1; d >= 0; d--) {
                index[d] = rem % batch[d];
                rem /= batch[d];
            }
            int xOff = (int) (offset(index, xs, xr - 2) * m * k);
            int yOff = (int) (offset(index, ys, yr - 2) * k * n);
            int oOff = (int) (bi * m * n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        double a = xv[xOff + (tx ? p * m + i : i * k + p)];
                        double b = yv[yOff + (ty ? j * k + p : p * n + j)];
                        sum += a * b;
                    }
                    out[oOff + i * n + j] = sum;
                }
            }
        }
        long[] outShape = new long[batch.length + 2];
        System.arraycopy(batch, 0, outShape, 0, batch.length);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        return TensorValue.fromDoubles(dtype, Shape.of(outShape), out);
    }

    /** The flat batch index in an operand whose batch dims ({@code rank} of them) broadcast to {@code index}. */
    private static long offset(long[] index, long[] shape, int rank) {
        long off = 0;
        int shift = index.length - rank;
        for (int d = 0; d < rank; d++) {
            long i = shape[d] == 1 ? 0 : index[d + shift];
            off = off * shape[d] + i;
        }
        return off;
    }
}
