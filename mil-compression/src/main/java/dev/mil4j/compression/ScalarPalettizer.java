package dev.mil4j.compression;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Scalar palettes: a table of {@code 2^bits} values per run of elements, from {@link KMeans1d} (k-means), evenly
 * spaced values (uniform) or the distinct values (unique); each element takes its nearest entry. For fp16 values the
 * nearest entry is found once per distinct value and each element takes it by a lookup on its fp16 bits.
 */
final class ScalarPalettizer {
    private static final int CHUNK = 1 << 16;

    private final PalettizationOptions.Mode mode;
    private final int bits;

    ScalarPalettizer(PalettizationOptions.Mode mode, int bits) {
        this.mode = mode;
        this.bits = bits;
    }

    /**
     * Palettizes the elements of {@code values}, a table per run {@code [bounds[g], bounds[g + 1])}, each element
     * weighing its {@code importance} in k-means (null: alike).
     *
     * @param tables quantizes each table before the elements take their entries, or {@code null}
     * @return the palettes, or null when unique-value palettization finds too many values
     */
    Palettes palettize(TensorValue values, int[] bounds, float[] importance, TableQuantizer tables) {
        int groups = bounds.length - 1;
        int k = 1 << bits;
        float[] w = Weights.floats(values);
        short[] half = values.dtype() == DType.FP16 ? Weights.halfBits(values) : null;
        float[] flatLut = new float[groups * k];
        byte[] indices = new byte[w.length];
        float[] back = new float[w.length];
        for (int g = 0; g < groups; g++) {
            int from = bounds[g];
            int to = bounds[g + 1];
            if (from == to) {
                // a group pruned away entirely keeps a table of zeros
                if (tables != null) {
                    tables.quantize(g, new float[k]);
                }
                continue;
            }
            float[] part = groups == 1 ? w : Arrays.copyOfRange(w, from, to);
            KMeans1d.Histogram histogram = half != null
                    ? KMeans1d.Histogram.ofHalfBits(half, from, to, importance, 0)
                    : mode == PalettizationOptions.Mode.KMEANS ? KMeans1d.Histogram.of(part,
                            importance == null ? null : Arrays.copyOfRange(importance, from, to)) : null;
            float[] found = table(part, k, histogram);
            if (found == null) {
                return null;
            }
            for (int j = 0; j < found.length; j++) {
                found[j] = Weights.round(values.dtype(), found[j]);
            }
            Arrays.sort(found);
            float[] lut = Arrays.copyOf(found, k);
            Arrays.fill(lut, found.length, k, found[found.length - 1]);
            if (tables != null) {
                tables.quantize(g, lut); // monotonic: the table stays ascending
            }
            System.arraycopy(lut, 0, flatLut, g * k, k);
            if (half != null) {
                byte[] index = new byte[1 << 16];
                for (int u = 0; u < histogram.values().length; u++) {
                    index[histogram.patterns()[u] & 0xffff] = (byte) nearest(lut, histogram.values()[u]);
                }
                IntStream.range(0, (to - from + CHUNK - 1) / CHUNK).parallel().forEach(c -> {
                    for (int i = from + c * CHUNK, end = Math.min(to, from + (c + 1) * CHUNK); i < end; i++) {
                        byte j = index[half[i] & 0xffff];
                        indices[i] = j;
                        back[i] = lut[j & 0xff];
                    }
                });
            } else {
                for (int i = from; i < to; i++) {
                    int j = nearest(lut, w[i]);
                    indices[i] = (byte) j;
                    back[i] = lut[j];
                }
            }
        }
        return new Palettes(flatLut, indices, back, tables == null ? null : tables.result(flatLut));
    }

    // the histogram is the k-means one (of fp16 values, weighted by importance when given)
    private float[] table(float[] w, int k, KMeans1d.Histogram histogram) {
        switch (mode) {
            case UNIFORM -> {
                float lo = Float.POSITIVE_INFINITY;
                float hi = Float.NEGATIVE_INFINITY;
                for (float v : w) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                float[] lut = new float[k];
                for (int j = 0; j < k; j++) {
                    lut[j] = (float) (lo + (hi - (double) lo) * j / (k - 1));
                }
                return lut;
            }
            case UNIQUE -> {
                double[] d = IntStream.range(0, w.length).mapToDouble(i -> w[i]).distinct().limit(k + 1L).toArray();
                if (d.length > k) {
                    return null;
                }
                float[] lut = new float[d.length];
                for (int j = 0; j < d.length; j++) {
                    lut[j] = (float) d[j];
                }
                return lut;
            }
            default -> {
                return KMeans1d.centroids(histogram, k);
            }
        }
    }

    // the index of the entry of the ascending table nearest to v (the lower one on a tie)
    static int nearest(float[] lut, float v) {
        int lo = 0;
        int hi = lut.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v > (lut[mid] + lut[mid + 1]) / 2) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
