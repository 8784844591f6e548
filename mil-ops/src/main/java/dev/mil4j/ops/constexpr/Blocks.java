package dev.mil4j.ops.constexpr;

import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;

/**
 * Per-block parameter tables of the iOS18 compression ops: a table (scales, offsets, lookup tables) of the rank of
 * the dense tensor whose size along each axis divides the dense size, so that each table entry covers a block of
 * {@code dense[i] / table[i]} elements along axis {@code i}. Maps dense positions to table entries.
 */
final class Blocks {
    private final long[] dense;
    private final long[] table;
    private final long[] block;

    private Blocks(long[] dense, long[] table) {
        this.dense = dense;
        this.table = table;
        this.block = new long[dense.length];
        for (int i = 0; i < dense.length; i++) {
            block[i] = dense[i] / table[i];
        }
    }

    /**
     * @param dense the static shape of the dense tensor
     * @param table the leading {@code dense.rank()} sizes of the table
     * @param input the table's input name, for messages
     * @throws TypeException unless each table size divides the dense size
     */
    static Blocks of(Shape dense, long[] table, String input) {
        long[] d = dense.toLongArray();
        if (table.length < d.length) {
            throw new TypeException(input, "has rank " + table.length + ", but needs at least " + d.length);
        }
        for (int i = 0; i < d.length; i++) {
            if (table[i] <= 0 || d[i] % table[i] != 0) {
                throw new TypeException(input, "has size " + table[i] + " on axis " + i + ", which does not divide"
                        + " the dense size " + d[i]);
            }
        }
        return new Blocks(d, java.util.Arrays.copyOf(table, d.length));
    }

    /** @return the static sizes of a tensor type whose shape must be static */
    static long[] sizes(TensorType t, String input) {
        if (!t.shape().isStatic()) {
            throw new TypeException(input, "must have a static shape, got " + t.shape());
        }
        return t.shape().toLongArray();
    }

    /** Calls {@code visit} with each dense flat index in row-major order and the flat index of its table entry. */
    void forEach(IndexVisitor visit) {
        int rank = dense.length;
        long total = 1;
        for (long d : dense) {
            total *= d;
        }
        long[] at = new long[rank];
        for (long flat = 0; flat < total; flat++) {
            long entry = 0;
            for (int i = 0; i < rank; i++) {
                entry = entry * table[i] + at[i] / block[i];
            }
            visit.visit((int) flat, (int) entry);
            for (int i = rank - 1; i >= 0; i--) {
                if (++at[i] < dense[i]) {
                    break;
                }
                at[i] = 0;
            }
        }
    }

    /** Receives a dense index and its table entry. */
    @FunctionalInterface
    interface IndexVisitor {
        void visit(int dense, int entry);
    }
}
