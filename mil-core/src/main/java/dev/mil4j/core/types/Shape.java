package dev.mil4j.core.types;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/** An immutable tensor shape: a list of {@link Dim}s. Rank 0 is a scalar. */
public final class Shape {
    private static final Shape SCALAR = new Shape(new Dim[0]);

    private final Dim[] dims;
    private final boolean isStatic;
    private int hash;
    /** The dims as an immutable list, made on first use (a benign race: every thread makes an equal list). */
    private List<Dim> list;

    private Shape(Dim[] dims) {
        this.dims = dims;
        boolean s = true;
        for (Dim d : dims) {
            s &= d.isKnown();
        }
        this.isStatic = s;
    }

    public static Shape scalar() {
        return SCALAR;
    }

    public static Shape of(long... sizes) {
        if (sizes.length == 0) {
            return SCALAR;
        }
        Dim[] dims = new Dim[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            dims[i] = Dim.of(sizes[i]);
        }
        return new Shape(dims);
    }

    public static Shape of(Dim... dims) {
        if (dims.length == 0) {
            return SCALAR;
        }
        Dim[] copy = dims.clone();
        for (Dim d : copy) {
            requireNonNull(d, "dim is null");
        }
        return new Shape(copy);
    }

    public static Shape of(List<Dim> dims) {
        return of(dims.toArray(new Dim[0]));
    }

    /**
     * Parses the command-line form {@code 1x3xHxW}: sizes and symbols separated by {@code x}; the empty string is a
     * scalar.
     */
    public static Shape parse(String text) {
        requireNonNull(text, "text is null");
        if (text.isEmpty()) {
            return SCALAR;
        }
        String[] parts = text.split("x", -1);
        Dim[] dims = new Dim[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (!p.isEmpty() && p.chars().allMatch(Character::isDigit)) {
                dims[i] = Dim.of(Long.parseLong(p));
            } else if (Dim.isSymbolName(p)) {
                dims[i] = Dim.symbol(p);
            } else {
                throw new IllegalArgumentException("bad dimension '" + p + "' in shape '" + text
                        + "': use sizes and symbols separated by 'x', e.g. 1x3xHxW");
            }
        }
        return new Shape(dims);
    }

    public int rank() {
        return dims.length;
    }

    public Dim dim(int i) {
        return dims[i];
    }

    /** The dim at {@code axis}, where negative axes count from the end. */
    public Dim dimAt(int axis) {
        return dims[normalizeAxis(axis)];
    }

    /** Turns a possibly negative axis into an index in {@code [0, rank)}; throws a {@link TypeException} otherwise. */
    public int normalizeAxis(long axis) {
        long a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new TypeException("axis " + axis + " is out of range for rank " + dims.length);
        }
        return (int) a;
    }

    public List<Dim> dims() {
        List<Dim> l = list;
        if (l == null) {
            l = List.of(dims);
            list = l;
        }
        return l;
    }

    /** The dims in a new array (for building a related shape). */
    public Dim[] toDimArray() {
        return dims.clone();
    }

    /** True when every dimension is known. */
    public boolean isStatic() {
        return isStatic;
    }

    /**
     * Whether this shape and {@code other} may be the same at run time: the same rank, and every pair of dims equal
     * where both are known (a symbol stands for any size).
     */
    public boolean isCompatibleWith(Shape other) {
        if (rank() != other.rank()) {
            return false;
        }
        for (int i = 0; i < dims.length; i++) {
            Dim x = dims[i];
            Dim y = other.dim(i);
            if (x.isKnown() && y.isKnown() && x.size() != y.size()) {
                return false;
            }
        }
        return true;
    }

    /** The sizes; throws when a dimension is symbolic. */
    public long[] toLongArray() {
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dims[i].size();
        }
        return out;
    }

    /** The number of elements when the shape is static. */
    public OptionalLong elementCount() {
        if (!isStatic) {
            return OptionalLong.empty();
        }
        long n = 1;
        for (Dim d : dims) {
            n = Math.multiplyExact(n, d.size());
        }
        return OptionalLong.of(n);
    }

    public Shape withDim(int index, Dim dim) {
        Dim[] copy = dims.clone();
        copy[index] = requireNonNull(dim, "dim is null");
        return new Shape(copy);
    }

    /** The sub-shape {@code [from, to)}. */
    public Shape slice(int from, int to) {
        return from == 0 && to == dims.length ? this : of(Arrays.copyOfRange(dims, from, to));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(dims) | 1;
            hash = h;
        }
        return h;
    }

    /** The text form, e.g. {@code [1, 3, H, W]}; {@code []} for a scalar. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims[i]);
        }
        return sb.append(']').toString();
    }

    /** The command-line form, e.g. {@code 1x3xHxW}. */
    public String toCompactString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append('x');
            }
            sb.append(dims[i]);
        }
        return sb.toString();
    }
}
