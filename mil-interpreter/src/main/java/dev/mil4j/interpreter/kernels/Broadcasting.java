package dev.mil4j.interpreter.kernels;

import java.util.Arrays;

/** Numpy broadcasting over static shapes. */
final class Broadcasting {
    private Broadcasting() {
    }

    /** The broadcast shape; an error naming both shapes when they do not broadcast. */
    static long[] shape(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            int ia = a.length - rank + i;
            int ib = b.length - rank + i;
            long da = ia >= 0 ? a[ia] : 1;
            long db = ib >= 0 ? b[ib] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** For each element of {@code out}, the flat index of the element of {@code in} that broadcasting reads. */
    static int[] sources(long[] out, long[] in) {
        int offset = out.length - in.length;
        int[] inStrides = Tensors.strides(in);
        int[] step = new int[out.length];
        for (int k = 0; k < in.length; k++) {
            step[k + offset] = in[k] == 1 ? 0 : inStrides[k];
        }
        return strided(out, step);
    }

    /**
     * For each element of {@code out} in row-major order, the flat index {@code sum(idx[d] * step[d])} of the element
     * it reads, counted incrementally: the walk behind broadcasting ({@code step} 0 on broadcast dims) and
     * permutations ({@code step} the permuted input strides).
     */
    static int[] strided(long[] out, int[] step) {
        int rank = out.length;
        int n = Tensors.size(out);
        int[] src = new int[n];
        int[] idx = new int[rank];
        int s = 0;
        for (int i = 0; i < n; i++) {
            src[i] = s;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                s += step[d];
                if (idx[d] < out[d]) {
                    break;
                }
                s -= step[d] * idx[d];
                idx[d] = 0;
            }
        }
        return src;
    }
}
