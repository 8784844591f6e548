package dev.mil4j.compression;

import dev.mil4j.core.types.DType;
import java.util.stream.IntStream;

/**
 * Vector palettes (iOS18 {@code constexpr_lut_to_dense} with {@code vector_axis = 0}), as coremltools'
 * {@code cluster_dim}: in a weight of {@code C} output channels (axis 0), the {@code dim} elements of channels
 * {@code r * dim .. r * dim + dim - 1} at one position of the other axes form vector {@code (r, position)}; the
 * indices have the weight's shape with {@code C / dim} on axis 0, and each table holds {@code 2^bits} vectors. The
 * tables come from {@link VectorKMeans} (k-means) or the distinct vectors (unique); each vector takes its nearest
 * entry.
 */
final class VectorPalettizer {
    private final PalettizationOptions.Mode mode;
    private final int bits;
    private final int dim;

    VectorPalettizer(PalettizationOptions.Mode mode, int bits, int dim) {
        this.mode = mode;
        this.bits = bits;
        this.dim = dim;
    }

    /**
     * @param w the weight's elements, row-major
     * @param dtype the weight's dtype (the tables are rounded to it)
     * @param channels the output channels (axis 0), a multiple of {@code dim * groups}
     * @param groups the number of tables, each over an equal run of output channels
     * @param importance each element's importance in k-means, or null
     * @param tables quantizes each table before the vectors take their entries, or {@code null}
     * @return the palettes (indices one per vector, in the order of the indices tensor; {@code back} in the
     *     weight's order), or null when unique-value palettization finds too many vectors
     */
    Palettes palettize(float[] w, DType dtype, int channels, int groups, float[] importance, TableQuantizer tables) {
        int k = 1 << bits;
        int inner = w.length / channels;
        int vectors = w.length / dim;
        float[] vec = gather(w, channels, inner);
        float[] weights = importance == null ? null : gather(importance, channels, inner);
        int perGroup = vectors / groups;
        float[] luts = new float[groups * k * dim];
        byte[] indices = new byte[vectors];
        for (int g = 0; g < groups; g++) {
            int from = g * perGroup;
            int to = from + perGroup;
            float[] table;
            if (mode == PalettizationOptions.Mode.UNIQUE) {
                table = VectorKMeans.distinct(vec, from, to, dim, k);
                if (table == null) {
                    return null;
                }
                table = VectorKMeans.pad(table, dim, k);
            } else {
                table = VectorKMeans.centroids(vec, weights, from, to, dim, k);
            }
            for (int i = 0; i < table.length; i++) {
                table[i] = Weights.round(dtype, table[i]);
            }
            if (tables != null) {
                tables.quantize(g, table);
            }
            System.arraycopy(table, 0, luts, g * k * dim, k * dim);
            VectorKMeans.assign(vec, weights, from, to, dim, table, k, indices);
        }
        float[] back = new float[w.length];
        IntStream.range(0, channels / dim).parallel().forEach(r -> {
            for (int p = 0; p < inner; p++) {
                int v = r * inner + p;
                int entry = ((v / perGroup) * k + (indices[v] & 0xff)) * dim;
                for (int j = 0; j < dim; j++) {
                    back[(r * dim + j) * inner + p] = luts[entry + j];
                }
            }
        });
        return new Palettes(luts, indices, back, tables == null ? null : tables.result(luts));
    }

    // the vectors one after the other: vector (r, p) holds the elements of channels r * dim + j at position p
    private float[] gather(float[] w, int channels, int inner) {
        float[] out = new float[w.length];
        IntStream.range(0, channels / dim).parallel().forEach(r -> {
            for (int p = 0; p < inner; p++) {
                int v = r * inner + p;
                for (int j = 0; j < dim; j++) {
                    out[v * dim + j] = w[(r * dim + j) * inner + p];
                }
            }
        });
        return out;
    }
}
