package dev.mil4j.backend.neuralnetwork.quant;

import java.util.Arrays;

/**
 * The tables of a lookup-table quantization: uniform ({@code 2^bits} entries from the minimum to the maximum) or
 * 1-D k-means (Lloyd's iterations over the sorted values with prefix sums, seeded at quantiles, so deterministic;
 * each iteration costs O(k log n) after one O(n log n) sort). Tables are sorted ascending.
 */
final class LookupTables {
    private static final int MAX_ITERATIONS = 100;

    private LookupTables() {
    }

    static float[] uniform(float[] values, int bits) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        int k = 1 << bits;
        float[] table = new float[k];
        for (int i = 0; i < k; i++) {
            table[i] = k == 1 ? min : (float) (min + (double) (max - min) * i / (k - 1));
        }
        return table;
    }

    static float[] kmeans(float[] values, int bits) {
        int k = 1 << bits;
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + sorted[i];
        }
        double[] centers = new double[k];
        for (int j = 0; j < k; j++) {
            centers[j] = sorted[(int) Math.min(n - 1, ((2L * j + 1) * n) / (2L * k))];
        }
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            boolean moved = false;
            int from = 0;
            for (int j = 0; j < k; j++) {
                int to = j == k - 1 ? n : upperBound(sorted, (centers[j] + centers[j + 1]) / 2, from);
                if (to > from) {
                    double mean = (prefix[to] - prefix[from]) / (to - from);
                    moved |= mean != centers[j];
                    centers[j] = mean;
                }
                from = to;
            }
            if (!moved) {
                break;
            }
        }
        float[] table = new float[k];
        for (int j = 0; j < k; j++) {
            table[j] = (float) centers[j];
        }
        Arrays.sort(table);
        return table;
    }

    /** The index of the entry of the sorted {@code table} nearest to {@code v} (the lower on a tie). */
    static int nearest(float[] table, float v) {
        int i = Arrays.binarySearch(table, v);
        if (i >= 0) {
            return i;
        }
        int above = -i - 1;
        if (above == 0) {
            return 0;
        }
        if (above == table.length) {
            return table.length - 1;
        }
        return v - table[above - 1] <= table[above] - v ? above - 1 : above;
    }

    // the first index at or after from whose value is above bound
    private static int upperBound(float[] sorted, double bound, int from) {
        int lo = from;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= bound) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
