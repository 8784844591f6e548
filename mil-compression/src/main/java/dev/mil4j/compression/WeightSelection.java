package dev.mil4j.compression;

import dev.mil4j.core.ir.Operation;
import java.util.Set;

/**
 * Which constant weights a compression pass takes: float constants of at least {@code minElements} elements (as
 * coremltools' {@code weight_threshold}, 2048 by default), and, when the sets are not empty, only those whose const
 * op is named in {@code opNames} or that an op of a type in {@code opTypes} uses ({@code conv}, {@code linear}).
 *
 * @param minElements the smallest weight compressed
 * @param opTypes the types of consuming ops to take; empty for any
 * @param opNames the names of const ops to take; empty for any
 */
public record WeightSelection(long minElements, Set<String> opTypes, Set<String> opNames) {
    /** coremltools' default: weights of 2048 elements or more. */
    public static final long DEFAULT_MIN_ELEMENTS = 2048;

    public WeightSelection {
        if (minElements < 0) {
            throw new IllegalArgumentException("the minimum weight size must not be negative, got " + minElements);
        }
        opTypes = Set.copyOf(opTypes);
        opNames = Set.copyOf(opNames);
    }

    /** @return every float weight of at least 2048 elements */
    public static WeightSelection defaults() {
        return new WeightSelection(DEFAULT_MIN_ELEMENTS, Set.of(), Set.of());
    }

    /** @return this selection with another minimum size */
    public WeightSelection withMinElements(long elements) {
        return new WeightSelection(elements, opTypes, opNames);
    }

    /**
     * @param producer the op making the weight: a const op, or the {@code constexpr_sparse_to_dense} of a pruned
     *     weight (joint compression), judged by its dense output
     * @return whether the weight is selected
     */
    boolean selects(Operation producer) {
        var type = producer.output().tensorType();
        if (!type.dtype().isFloat() || type.isScalar() || type.shape().elementCount().orElse(0) < minElements) {
            return false;
        }
        if (!opNames.isEmpty() && !opNames.contains(producer.name())) {
            return false;
        }
        return opTypes.isEmpty() || producer.output().users().stream().anyMatch(u -> opTypes.contains(u.type()));
    }
}
