package dev.mil4j.compression;

import dev.mil4j.core.value.Fp16;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Deterministic 1-D k-means over a histogram. One O(n) pass (data-parallel over chunks) counts the weights per fp16
 * value: the exact distinct values of an fp16 weight, and for fp32 weights a histogram of 65536 bins at fp16
 * resolution (relative error 2^-11, far below the spacing of 256 or fewer clusters). Lloyd's iterations then run on
 * the sorted distinct values with prefix sums of counts and sums, so each costs O(k log u) for u distinct values,
 * from quantile seeds; they stop when no centroid moves. Weights must be finite. Weighted k-means weighs each
 * element by an importance instead of 1.
 */
final class KMeans1d {
    private static final int CHUNK = 1 << 16;
    private static final int MAX_ITERATIONS = 300;

    private KMeans1d() {
    }

    /**
     * A histogram of fp16 values: the sorted distinct values, the weight of each (how often it occurs, or the sum of
     * its elements' importances), and their binary16 patterns.
     */
    record Histogram(float[] values, double[] counts, short[] patterns) {
        static Histogram of(float[] w) {
            return of(w, null);
        }

        /** The histogram of {@code w}, each element weighing its {@code importance} (null: 1). */
        static Histogram of(float[] w, float[] importance) {
            short[] bits = new short[w.length];
            IntStream.range(0, (w.length + CHUNK - 1) / CHUNK).parallel().forEach(c -> {
                for (int i = c * CHUNK, end = Math.min(w.length, (c + 1) * CHUNK); i < end; i++) {
                    bits[i] = Fp16.fromFloat(w[i]);
                }
            });
            return ofHalfBits(bits, 0, bits.length, importance, 0);
        }

        /** The histogram of the binary16 patterns {@code bits[from, to)}. */
        static Histogram ofHalfBits(short[] bits, int from, int to) {
            return ofHalfBits(bits, from, to, null, 0);
        }

        /**
         * The histogram of the binary16 patterns {@code bits[from, to)}, element {@code i} weighing
         * {@code importance[i - shift]} (null: 1); a value present with weight 0 is kept (its elements need an entry).
         */
        static Histogram ofHalfBits(short[] bits, int from, int to, float[] importance, int shift) {
            int chunks = (to - from + CHUNK - 1) / CHUNK;
            double[] zero = new double[0];
            double[][] total = IntStream.range(0, chunks).parallel().mapToObj(c -> {
                double[] h = new double[1 << 16];
                double[] w = importance == null ? zero : new double[1 << 16];
                for (int i = from + c * CHUNK, end = Math.min(to, from + (c + 1) * CHUNK); i < end; i++) {
                    h[bits[i] & 0xffff]++;
                    if (importance != null) {
                        w[bits[i] & 0xffff] += importance[i - shift];
                    }
                }
                return new double[][] {h, w};
            }).reduce((a, b) -> {
                for (int j = 0; j < 2; j++) {
                    for (int i = 0; i < a[j].length; i++) {
                        a[j][i] += b[j][i];
                    }
                }
                return a;
            }).orElse(new double[][] {new double[1 << 16], zero});
            double[] present = total[0];
            double[] weight = importance == null ? present : total[1];
            int distinct = 0;
            for (double t : present) {
                distinct += t > 0 ? 1 : 0;
            }
            float[] values = new float[distinct];
            double[] counts = new double[distinct];
            short[] patterns = new short[distinct];
            int k = 0;
            // negative values by falling magnitude, then the positive ones by rising magnitude: ascending order
            for (int pattern = 0xffff; pattern >= 0x8000; pattern--) {
                if (present[pattern] > 0) {
                    patterns[k] = (short) pattern;
                    values[k] = Fp16.toFloat((short) pattern);
                    counts[k++] = weight[pattern];
                }
            }
            for (int pattern = 0; pattern < 0x8000; pattern++) {
                if (present[pattern] > 0) {
                    patterns[k] = (short) pattern;
                    values[k] = Fp16.toFloat((short) pattern);
                    counts[k++] = weight[pattern];
                }
            }
            return new Histogram(values, counts, patterns);
        }
    }

    /**
     * @param h the histogram
     * @param k the number of clusters
     * @return the centroids, ascending; the distinct values themselves when there are at most {@code k}
     */
    static float[] centroids(Histogram h, int k) {
        int u = h.values().length;
        if (u <= k) {
            return h.values().clone();
        }
        double[] cnt = new double[u + 1];
        double[] sum = new double[u + 1];
        for (int i = 0; i < u; i++) {
            cnt[i + 1] = cnt[i] + h.counts()[i];
            sum[i + 1] = sum[i] + h.counts()[i] * h.values()[i];
        }
        double[] c = new double[k];
        for (int j = 0; j < k; j++) {
            double target = (j + 0.5) / k * cnt[u];
            int at = Math.min(u - 1, Math.max(0, lowerBound(cnt, target) - 1));
            c[j] = h.values()[at];
        }
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            boolean moved = false;
            int start = 0;
            for (int j = 0; j < k; j++) {
                int end = j == k - 1 ? u : upperBound(h.values(), (c[j] + c[j + 1]) / 2, start);
                if (cnt[end] > cnt[start]) {
                    double mean = (sum[end] - sum[start]) / (cnt[end] - cnt[start]);
                    moved |= mean != c[j];
                    c[j] = mean;
                }
                start = Math.max(start, end);
            }
            Arrays.sort(c);
            if (!moved) {
                break;
            }
        }
        float[] out = new float[k];
        for (int j = 0; j < k; j++) {
            out[j] = (float) c[j];
        }
        return out;
    }

    // the first index whose prefix count reaches target
    private static int lowerBound(double[] prefix, double target) {
        int lo = 0;
        int hi = prefix.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (prefix[mid] < target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    // the first index at or after `from` whose value exceeds `bound`
    private static int upperBound(float[] values, double bound, int from) {
        int lo = from;
        int hi = values.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] <= bound) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
