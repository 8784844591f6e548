package dev.mil4j.compression;

import java.util.Objects;

/**
 * Options of {@code compression::prune}: exactly one of a target sparsity (magnitudes at or below that quantile of
 * the magnitudes are zeroed, ties included, as coremltools does), a
 * threshold (magnitudes at or below it are zeroed; weights that end up sparser than {@code minSparsity} only are
 * kept dense, as coremltools' {@code minimum_sparsity_percentile}, 0.5 by default) or an n:m ratio (the {@code n}
 * smallest magnitudes of every {@code m} consecutive elements are zeroed).
 *
 * @param sparsity the target fraction of zeros, in [0, 1), or NaN
 * @param threshold the magnitude threshold, or NaN
 * @param minSparsity with a threshold, the least sparsity worth storing sparse
 * @param n with {@code m > 0}, how many of every {@code m} elements to zero
 * @param m the block length of n:m pruning; 0 when not used
 * @param selection which weights
 */
public record PruningOptions(double sparsity, double threshold, double minSparsity, int n, int m,
        WeightSelection selection) implements WeightCompression {
    public PruningOptions {
        Objects.requireNonNull(selection, "selection is null");
        int modes = (Double.isNaN(sparsity) ? 0 : 1) + (Double.isNaN(threshold) ? 0 : 1) + (m > 0 ? 1 : 0);
        if (modes != 1) {
            throw new IllegalArgumentException("pruning takes exactly one of a sparsity, a threshold or n:m");
        }
        if (!Double.isNaN(sparsity) && (sparsity < 0 || sparsity >= 1)) {
            throw new IllegalArgumentException("the target sparsity must be in [0, 1), got " + sparsity);
        }
        if (!Double.isNaN(threshold) && threshold < 0) {
            throw new IllegalArgumentException("the threshold must not be negative, got " + threshold);
        }
        if (m > 0 && (n < 1 || n >= m)) {
            throw new IllegalArgumentException("n:m pruning needs 0 < n < m, got " + n + ":" + m);
        }
    }

    @Override
    public CompressionPass pass() {
        return new PruningPass(this);
    }

    /** @return magnitude pruning to a target sparsity */
    public static PruningOptions magnitude(double sparsity, WeightSelection selection) {
        return new PruningOptions(sparsity, Double.NaN, 0, 0, 0, selection);
    }

    /** @return threshold pruning, with coremltools' minimum sparsity 0.5 */
    public static PruningOptions threshold(double threshold, WeightSelection selection) {
        return new PruningOptions(Double.NaN, threshold, 0.5, 0, 0, selection);
    }

    /** @return n:m structured pruning along the last axis */
    public static PruningOptions nOfM(int n, int m, WeightSelection selection) {
        return new PruningOptions(Double.NaN, Double.NaN, 0, n, m, selection);
    }
}
