package dev.mil4j.ops.passes;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.Optional;

/** Arithmetic on constant tensors for folding parameters into weights and biases (in double, then rounded). */
final class ConstMath {
    private ConstMath() {
    }

    /**
     * The per-channel vector of a constant {@code c} that broadcasts against a result of rank {@code rank} along
     * {@code axis} only (every other dim of {@code c}, right-aligned, is 1; its dim at {@code axis} is
     * {@code channels} or 1); empty when {@code c} would broadcast along another axis or raise the rank.
     */
    static Optional<double[]> perChannel(TensorValue c, int rank, int axis, long channels) {
        Shape s = c.shape();
        if (s.rank() > rank || channels < 1 || channels > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        int offset = rank - s.rank();
        long along = 1;
        for (int i = 0; i < s.rank(); i++) {
            long d = s.dim(i).size();
            if (i + offset == axis) {
                along = d;
            } else if (d != 1) {
                return Optional.empty();
            }
        }
        if (along != 1 && along != channels) {
            return Optional.empty();
        }
        double[] out = new double[(int) channels];
        for (int k = 0; k < channels; k++) {
            out[k] = c.getDouble(along == 1 ? 0 : k);
        }
        return Optional.of(out);
    }

    /** {@code w} with every slice {@code k} along {@code axis} multiplied by {@code scale[k]}. */
    static TensorValue scaleAlong(TensorValue w, int axis, double[] scale) {
        long[] dims = w.shape().toLongArray();
        long inner = 1;
        for (int i = axis + 1; i < dims.length; i++) {
            inner *= dims[i];
        }
        double[] v = w.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * scale[(int) ((i / inner) % dims[axis])] + 0.0; // + 0.0 turns -0.0 into 0.0
        }
        return TensorValue.fromDoubles(w.dtype(), w.shape(), v);
    }

    /** A vector of {@code dtype}. */
    static TensorValue vector(DType dtype, double[] values) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i] + 0.0; // -0.0 becomes 0.0
        }
        return TensorValue.fromDoubles(dtype, Shape.of(v.length), v);
    }

    /** The elements of an optional vector parameter, or {@code n} copies of {@code fill}. */
    static double[] orFill(Optional<TensorValue> v, int n, double fill) {
        if (v.isPresent()) {
            double[] out = new double[n];
            TensorValue t = v.get();
            for (int i = 0; i < n; i++) {
                out[i] = t.getDouble(t.elementCount() == 1 ? 0 : i);
            }
            return out;
        }
        double[] out = new double[n];
        java.util.Arrays.fill(out, fill);
        return out;
    }

    /** The transpose of a 2-D constant, element bits unchanged (any dtype but string). */
    static TensorValue transpose2d(TensorValue m) {
        int rows = (int) m.shape().dim(0).size();
        int cols = (int) m.shape().dim(1).size();
        int size = m.dtype().byteSize();
        java.nio.ByteBuffer in = m.buffer();
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(Math.toIntExact(m.byteSize()))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        // in tiles, so that both the rows read and the columns written stay in cache
        int tile = 32;
        for (int r0 = 0; r0 < rows; r0 += tile) {
            int r1 = Math.min(rows, r0 + tile);
            for (int c0 = 0; c0 < cols; c0 += tile) {
                int c1 = Math.min(cols, c0 + tile);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        int from = (r * cols + c) * size;
                        int to = (c * rows + r) * size;
                        switch (size) {
                            case 4 -> out.putInt(to, in.getInt(from));
                            case 2 -> out.putShort(to, in.getShort(from));
                            case 8 -> out.putLong(to, in.getLong(from));
                            default -> out.put(to, in.get(from));
                        }
                    }
                }
            }
        }
        return TensorValue.wrap(m.dtype(), Shape.of(cols, rows), out);
    }
}
