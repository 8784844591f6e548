package dev.mil4j.compression;

import java.util.Optional;

/**
 * The importance of each element of a weight, for weighted k-means palettization: each element counts in its
 * cluster's mean with its importance, so the table follows the elements that matter (for instance the diagonal of a
 * Fisher information or the squared activations of calibration data, computed by the caller).
 */
@FunctionalInterface
public interface WeightImportance {
    /**
     * @param weight the weight's name (its const op's, or the pruned weight's {@code constexpr_sparse_to_dense}'s)
     * @return one finite, non-negative importance per element of the weight, not all zero, in the weight's
     *     row-major order; empty to weigh every element alike
     */
    Optional<float[]> of(String weight);
}
