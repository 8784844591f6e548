package dev.mil4j.compression;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Deterministic k-means of vectors (vector palettes): vectors {@code [from, to)} of {@code dim} consecutive floats
 * each, optionally weighted per element. Seeds by k-means++ on an evenly strided sample with a fixed seed, then runs
 * Lloyd's iterations (the assignment data-parallel over chunks) until the squared shift of the centroids falls below
 * {@code 1e-4} of the data's mean variance per coordinate (scikit-learn's {@code tol}) or after
 * {@value #MAX_ITERATIONS} iterations: over every vector, or for more than twice {@code max(65536, 256 k)} vectors
 * over an evenly strided sample of that many, then at most {@value #POLISH_ITERATIONS} iterations over every
 * vector. With element importances the distance is {@code sum w_j (x_j - c_j)^2} and each
 * coordinate of a centroid is the importance-weighted mean of its vectors' coordinates; ties (vectors of zero
 * importance) go to the nearest entry by plain distance. An iteration over n vectors costs O(n k dim).
 */
final class VectorKMeans {
    private static final int MAX_ITERATIONS = 50;
    private static final int POLISH_ITERATIONS = 3;
    private static final int CHUNK = 1 << 13;
    private static final long SEED = 0x6d696c34L;

    private VectorKMeans() {
    }

    /**
     * @return {@code k} centroids, {@code k * dim} floats (the distinct vectors, lexicographically ascending and
     *     the last repeated, when there are at most {@code k})
     */
    static float[] centroids(float[] vec, float[] importance, int from, int to, int dim, int k) {
        float[] distinct = distinct(vec, from, to, dim, k);
        if (distinct != null) {
            return pad(distinct, dim, k);
        }
        double tol = 1e-4 * meanVariance(vec, from, to, dim);
        int n = to - from;
        int samples = Math.max(1 << 16, 256 * k);
        double[] c = seeds(vec, importance, from, to, dim, k);
        if (n > 2 * samples) {
            // converge on an evenly strided sample, then polish on every vector
            float[] sample = new float[samples * dim];
            float[] sampleImportance = importance == null ? null : new float[samples * dim];
            for (int s = 0; s < samples; s++) {
                int v = from + (int) ((long) s * n / samples);
                System.arraycopy(vec, v * dim, sample, s * dim, dim);
                if (importance != null) {
                    System.arraycopy(importance, v * dim, sampleImportance, s * dim, dim);
                }
            }
            c = lloyd(sample, sampleImportance, 0, samples, dim, k, c, MAX_ITERATIONS, tol);
            c = lloyd(vec, importance, from, to, dim, k, c, POLISH_ITERATIONS, tol);
        } else {
            c = lloyd(vec, importance, from, to, dim, k, c, MAX_ITERATIONS, tol);
        }
        return toFloats(c);
    }

    // Lloyd's iterations from centroids c until they move less than tol (squared, in all) or `iterations` ran
    private static double[] lloyd(float[] vec, float[] importance, int from, int to, int dim, int k, double[] c,
            int iterations, double tol) {
        for (int iteration = 0; iteration < iterations; iteration++) {
            double[] cc = c;
            int chunks = (to - from + CHUNK - 1) / CHUNK;
            double[][] stats = IntStream.range(0, chunks).parallel().mapToObj(chunk -> {
                double[] sum = new double[k * dim];
                double[] weight = new double[k * dim];
                float[] table = toFloats(cc);
                for (int v = from + chunk * CHUNK, end = Math.min(to, v + CHUNK); v < end; v++) {
                    int e = nearest(vec, importance, v, dim, table, k);
                    for (int j = 0; j < dim; j++) {
                        double w = importance == null ? 1 : importance[v * dim + j];
                        sum[e * dim + j] += w * vec[v * dim + j];
                        weight[e * dim + j] += w;
                    }
                }
                return new double[][] {sum, weight};
            }).reduce((a, b) -> {
                for (int i = 0; i < a[0].length; i++) {
                    a[0][i] += b[0][i];
                    a[1][i] += b[1][i];
                }
                return a;
            }).orElseThrow();
            double shift = 0;
            double[] next = c.clone();
            for (int i = 0; i < next.length; i++) {
                if (stats[1][i] > 0) {
                    next[i] = stats[0][i] / stats[1][i];
                    shift += (next[i] - c[i]) * (next[i] - c[i]);
                }
            }
            c = next;
            if (shift <= tol) {
                break;
            }
        }
        return c;
    }

    /** @return the distinct vectors, lexicographically ascending, or null when there are more than {@code limit} */
    static float[] distinct(float[] vec, int from, int to, int dim, int limit) {
        Comparator<float[]> lexicographic = Arrays::compare;
        TreeSet<float[]> seen = new TreeSet<>(lexicographic);
        for (int v = from; v < to; v++) {
            seen.add(Arrays.copyOfRange(vec, v * dim, (v + 1) * dim));
            if (seen.size() > limit) {
                return null;
            }
        }
        float[] out = new float[seen.size() * dim];
        int e = 0;
        for (float[] x : seen) {
            System.arraycopy(x, 0, out, e++ * dim, dim);
        }
        return out;
    }

    /** @return {@code table} of fewer entries filled up to {@code k} with its last entry */
    static float[] pad(float[] table, int dim, int k) {
        float[] out = Arrays.copyOf(table, k * dim);
        for (int e = table.length / dim; e < k; e++) {
            System.arraycopy(table, table.length - dim, out, e * dim, dim);
        }
        return out;
    }

    /** Gives each vector of {@code [from, to)} its nearest entry of {@code table} ({@code k} entries). */
    static void assign(float[] vec, float[] importance, int from, int to, int dim, float[] table, int k,
            byte[] indices) {
        IntStream.range(0, (to - from + CHUNK - 1) / CHUNK).parallel().forEach(chunk -> {
            for (int v = from + chunk * CHUNK, end = Math.min(to, v + CHUNK); v < end; v++) {
                indices[v] = (byte) nearest(vec, importance, v, dim, table, k);
            }
        });
    }

    // the entry nearest to vector v: by weighted distance, then by plain distance, then the lowest index
    private static int nearest(float[] vec, float[] importance, int v, int dim, float[] table, int k) {
        int best = 0;
        double bestWeighted = Double.POSITIVE_INFINITY;
        double bestPlain = Double.POSITIVE_INFINITY;
        int base = v * dim;
        for (int e = 0; e < k; e++) {
            double plain = 0;
            double weighted = 0;
            for (int j = 0; j < dim; j++) {
                double d = vec[base + j] - table[e * dim + j];
                plain += d * d;
                weighted += importance == null ? 0 : importance[base + j] * d * d;
            }
            if (importance == null) {
                weighted = plain;
            }
            if (weighted < bestWeighted || (weighted == bestWeighted && plain < bestPlain)) {
                best = e;
                bestWeighted = weighted;
                bestPlain = plain;
            }
        }
        return best;
    }

    // k-means++ on an evenly strided sample: each next seed drawn with probability proportional to its weight
    // (1, or its elements' importance) times its squared distance to the nearest seed so far
    private static double[] seeds(float[] vec, float[] importance, int from, int to, int dim, int k) {
        int n = to - from;
        int samples = Math.min(n, Math.max(4096, 16 * k));
        int[] at = new int[samples];
        double[] weight = new double[samples];
        for (int s = 0; s < samples; s++) {
            at[s] = from + (int) ((long) s * n / samples);
            double w = 1;
            if (importance != null) {
                w = 0;
                for (int j = 0; j < dim; j++) {
                    w += importance[at[s] * dim + j];
                }
            }
            weight[s] = w;
        }
        Random random = new Random(SEED);
        double[] c = new double[k * dim];
        double[] nearest = new double[samples];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        int chosen = 0;
        for (int e = 0; e < k; e++) {
            if (e > 0) {
                double total = 0;
                for (int s = 0; s < samples; s++) {
                    total += weight[s] * nearest[s];
                }
                if (total > 0) {
                    double target = random.nextDouble() * total;
                    chosen = samples - 1;
                    for (int s = 0; s < samples; s++) {
                        target -= weight[s] * nearest[s];
                        if (target < 0) {
                            chosen = s;
                            break;
                        }
                    }
                } else {
                    chosen = (chosen + 1) % samples; // every sample is a seed already
                }
            }
            for (int j = 0; j < dim; j++) {
                c[e * dim + j] = vec[at[chosen] * dim + j];
            }
            for (int s = 0; s < samples; s++) {
                double d = 0;
                for (int j = 0; j < dim; j++) {
                    double x = vec[at[s] * dim + j] - c[e * dim + j];
                    d += x * x;
                }
                nearest[s] = Math.min(nearest[s], d);
            }
        }
        return c;
    }

    private static double meanVariance(float[] vec, int from, int to, int dim) {
        double total = 0;
        for (int j = 0; j < dim; j++) {
            double sum = 0;
            double squares = 0;
            for (int v = from; v < to; v++) {
                double x = vec[v * dim + j];
                sum += x;
                squares += x * x;
            }
            int n = to - from;
            total += Math.max(0, squares / n - (sum / n) * (sum / n));
        }
        return total / dim;
    }

    private static float[] toFloats(double[] c) {
        float[] out = new float[c.length];
        for (int i = 0; i < c.length; i++) {
            out[i] = (float) c[i];
        }
        return out;
    }
}
