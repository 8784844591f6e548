package dev.mil4j.ops.constexpr;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.value.TensorValue;

/**
 * The lookup tables of the iOS18 palettization ops: {@code lut} of rank {@code indices.rank + 2}, one table of
 * {@code 2^nbits} entries of {@code vector} elements per block of the indices, and the optional vector axis along
 * which each index expands into {@code vector} consecutive elements.
 */
final class Palette {
    private final TensorType dense;
    private final TensorType lut;
    private final int vector;
    private final int vectorAxis;

    private Palette(TensorType dense, TensorType lut, int vector, int vectorAxis) {
        this.dense = dense;
        this.lut = lut;
        this.vector = vector;
        this.vectorAxis = vectorAxis;
    }

    /** @return the number of index bits of a table of {@code entries} entries; -1 if not 1, 2, 3, 4, 6 or 8 */
    static int bitsFor(long entries) {
        for (int bits : new int[] {1, 2, 3, 4, 6, 8}) {
            if (entries == 1L << bits) {
                return bits;
            }
        }
        return -1;
    }

    /**
     * Checks the {@code lut} and {@code vector_axis} inputs.
     *
     * @param dense the type of the indices laid out densely (the indices, or the mask of sparse indices)
     * @param indexType the dtype of the indices
     */
    static Palette of(InferenceContext ctx, TensorType dense, DType indexType) {
        TensorType lut = ctx.tensor("lut");
        long[] l = Blocks.sizes(lut, "lut");
        int rank = dense.rank();
        if (l.length != rank + 2) {
            throw new TypeException("lut", "must have rank " + (rank + 2) + " (the indices' rank + 2), got "
                    + lut.shape());
        }
        int bits = indexType.bitWidth();
        if (l[rank] != 1L << bits) {
            throw new TypeException("lut", "must have " + (1L << bits) + " entries (2^" + bits + " for "
                    + indexType + " indices) on axis " + rank + ", got " + l[rank]);
        }
        int vector = Math.toIntExact(l[rank + 1]);
        int axis = -1;
        if (vector > 1) {
            if (!ctx.isPresent("vector_axis")) {
                throw new TypeException("vector_axis", "is required: the palette entries are vectors of " + vector);
            }
            axis = Shape.of(new long[rank]).normalizeAxis(ctx.constLong("vector_axis"));
        }
        Blocks.of(dense.shape(), l, "lut");
        return new Palette(dense, lut, vector, axis);
    }

    /** @return the dense type: the indices' shape (times the vector size along the vector axis) and the lut's dtype */
    TensorType outputType() {
        long[] s = Blocks.sizes(dense, "indices").clone();
        if (vector > 1) {
            s[vectorAxis] *= vector;
        }
        return new TensorType(lut.dtype(), Shape.of(s));
    }

    int vector() {
        return vector;
    }

    TensorValue dense(TensorValue indexValues, TensorValue lutValues) {
        return dense(indexValues, lutValues, vectorAxis);
    }

    /**
     * @param indexValues one index per element, of the indices' shape
     * @param lutValues the tables, of rank {@code indices.rank + 2}
     * @param vectorAxis the axis vector palettes expand along; -1 for scalar palettes
     * @return the dense tensor
     */
    static TensorValue dense(TensorValue indexValues, TensorValue lutValues, int vectorAxis) {
        long[] s = indexValues.shape().toLongArray();
        long[] l = lutValues.shape().toLongArray();
        int entries = (int) l[s.length];
        int vector = (int) l[s.length + 1];
        long[] out = s.clone();
        long inner = 1;
        if (vector > 1) {
            out[vectorAxis] *= vector;
            for (int i = vectorAxis + 1; i < s.length; i++) {
                inner *= s[i];
            }
        }
        double[] values = new double[Math.toIntExact(Shape.of(out).elementCount().orElseThrow())];
        long axisSize = vector > 1 ? s[vectorAxis] : 1;
        long in = inner;
        Blocks.of(indexValues.shape(), l, "lut").forEach((d, e) -> {
            long base = ((long) e * entries + indexValues.getLong(d)) * vector;
            if (vector == 1) {
                values[d] = lutValues.getDouble(base);
                return;
            }
            long outer = d / (axisSize * in);
            long p = (d / in) % axisSize;
            long rest = d % in;
            for (int c = 0; c < vector; c++) {
                values[(int) ((outer * axisSize * vector + p * vector + c) * in + rest)] = lutValues.getDouble(base + c);
            }
        });
        return TensorValue.fromDoubles(lutValues.dtype(), Shape.of(out), values);
    }
}
