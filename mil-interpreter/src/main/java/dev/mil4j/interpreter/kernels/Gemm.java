package dev.mil4j.interpreter.kernels;

import java.util.stream.IntStream;

/**
 * Single-precision matrix products on row-major float arrays, blocked so the inner loop streams contiguous rows
 * (which the JIT vectorizes) and the working set of {@code B} stays in cache; large products split their rows over
 * the common fork-join pool.
 */
final class Gemm {
    private static final int K_BLOCK = 128;
    private static final int N_BLOCK = 1024;
    private static final long PARALLEL_WORK = 1L << 18;

    private Gemm() {
    }

    /** {@code C[m, n] += sum_k A[m, k] * B[k, n]} with {@code C} at {@code cOff} ({@code M x N}). */
    static void multiply(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        if ((long) m * k * n >= PARALLEL_WORK && m > 1) {
            int chunks = Math.min(m, 4 * Runtime.getRuntime().availableProcessors());
            int per = (m + chunks - 1) / chunks;
            IntStream.range(0, chunks).parallel().forEach(t -> {
                int from = t * per;
                int to = Math.min(m, from + per);
                rows(a, aOff, b, bOff, c, cOff, from, to, k, n);
            });
        } else {
            rows(a, aOff, b, bOff, c, cOff, 0, m, k, n);
        }
    }

    private static void rows(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int from, int to, int k,
            int n) {
        for (int j0 = 0; j0 < n; j0 += N_BLOCK) {
            int j1 = Math.min(n, j0 + N_BLOCK);
            for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
                int p1 = Math.min(k, p0 + K_BLOCK);
                for (int i = from; i < to; i++) {
                    int ci = cOff + i * n;
                    int ai = aOff + i * k;
                    for (int p = p0; p < p1; p++) {
                        float av = a[ai + p];
                        if (av == 0f) {
                            continue;
                        }
                        int bp = bOff + p * n;
                        for (int j = j0; j < j1; j++) {
                            c[ci + j] += av * b[bp + j];
                        }
                    }
                }
            }
        }
    }

    /** {@code C[m, n] = sum_k A[m, k] * B[n, k]}: a product with {@code B} transposed (rows of both contiguous). */
    static void multiplyTransposed(float[] a, float[] b, float[] c, int m, int k, int n) {
        IntStream rows = IntStream.range(0, m);
        if ((long) m * k * n >= PARALLEL_WORK && m > 1) {
            rows = rows.parallel();
        }
        rows.forEach(i -> {
            int ai = i * k;
            for (int j = 0; j < n; j++) {
                int bj = j * k;
                float s0 = 0;
                float s1 = 0;
                float s2 = 0;
                float s3 = 0;
                int p = 0;
                for (; p + 3 < k; p += 4) {
                    s0 += a[ai + p] * b[bj + p];
                    s1 += a[ai + p + 1] * b[bj + p + 1];
                    s2 += a[ai + p + 2] * b[bj + p + 2];
                    s3 += a[ai + p + 3] * b[bj + p + 3];
                }
                for (; p < k; p++) {
                    s0 += a[ai + p] * b[bj + p];
                }
                c[i * n + j] = (s0 + s1) + (s2 + s3);
            }
        });
    }

    /** The transpose of a row-major {@code rows x cols} matrix at {@code off}. */
    static float[] transpose(float[] x, int off, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = x[off + i * cols + j];
            }
        }
        return t;
    }
}
