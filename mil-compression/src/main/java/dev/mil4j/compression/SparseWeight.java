package dev.mil4j.compression;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * A pruned weight that joint compression can take: an iOS18 {@code constexpr_sparse_to_dense} whose mask (uint1, of
 * the dense shape) and non-zero values are consts.
 *
 * @param dense the weight it makes, zeros included
 * @param mask its mask
 * @param nonzero its non-zero values, a vector
 */
record SparseWeight(TensorValue dense, TensorValue mask, TensorValue nonzero) {
    /** @return whether {@code op} makes a pruned weight joint compression can take */
    static boolean accepts(Operation op) {
        if (!op.type().equals("constexpr_sparse_to_dense") || op.input("shape").isPresent()) {
            return false;
        }
        Optional<TensorValue> mask = constValue(op.input("mask"));
        Optional<TensorValue> data = constValue(op.input("nonzero_data"));
        return mask.isPresent() && data.isPresent() && mask.get().dtype() == DType.UINT1
                && data.get().dtype().isFloat();
    }

    /** @return the pruned weight {@code op}, which {@link #accepts} takes, makes (the dense weight computed) */
    static SparseWeight of(Operation op) {
        List<TensorValue> dense = op.def().inferValues(op.inferenceContext()).orElseThrow();
        return new SparseWeight(dense.get(0), constValue(op.input("mask")).orElseThrow(),
                constValue(op.input("nonzero_data")).orElseThrow());
    }

    private static Optional<TensorValue> constValue(Optional<Var> v) {
        return v.filter(x -> x.producer().map(p -> p.def() == ConstOp.INSTANCE).orElse(false))
                .flatMap(Var::value);
    }

    /** @return the stored size of the mask and the non-zero values */
    long storedBytes() {
        return (mask.elementCount() + 7) / 8 + nonzero.byteSize();
    }

    /** @return whether the dense element {@code i} is kept */
    boolean kept(long i) {
        return mask.getLong(i) != 0;
    }

    /** @return the non-zero positions, ascending */
    int[] positions() {
        int[] out = new int[Math.toIntExact(nonzero.elementCount())];
        int k = 0;
        for (int i = 0; i < mask.elementCount() && k < out.length; i++) {
            if (kept(i)) {
                out[k++] = i;
            }
        }
        return out;
    }
}
