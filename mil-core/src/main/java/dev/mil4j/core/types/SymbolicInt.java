package dev.mil4j.core.types;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * One element of a small integer tensor whose value is known up to run-time sizes: a number, or the size a dim
 * symbol stands for. The shape vector that a frontend computes for a reshape, e.g.
 * {@code concat([gather(shape(x), 0)], [6, 4, 8])} for an input {@code x: fp32[B, 6, 32]}, is {@code [B, 6, 4, 8]};
 * this is what lets type inference keep {@code B} through such computations (coremltools calls it {@code sym_val}).
 */
public sealed interface SymbolicInt permits SymbolicInt.Known, SymbolicInt.Size {

    /** A known number (any sign: shape vectors hold {@code -1} and {@code 0}). */
    record Known(long value) implements SymbolicInt {
        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** The run-time size a symbolic dim stands for. */
    record Size(Dim.Symbol dim) implements SymbolicInt {
        public Size {
            requireNonNull(dim, "dim is null");
        }

        @Override
        public String toString() {
            return dim.toString();
        }
    }

    static SymbolicInt known(long value) {
        return new Known(value);
    }

    /** A dim as an element: its size when known, otherwise its symbol. */
    static SymbolicInt of(Dim dim) {
        return dim instanceof Dim.Symbol s ? new Size(s) : new Known(dim.size());
    }

    /** The dims of a shape as elements. */
    static List<SymbolicInt> of(Shape shape) {
        List<SymbolicInt> out = new ArrayList<>(shape.rank());
        for (Dim d : shape.dims()) {
            out.add(of(d));
        }
        return out;
    }

    default boolean isKnown() {
        return this instanceof Known;
    }

    /** The number of a known element; throws for a symbolic one (check {@link #isKnown()} first). */
    default long value() {
        if (this instanceof Known k) {
            return k.value();
        }
        throw new IllegalStateException("element " + this + " is symbolic");
    }

    /** The element as a dim: its symbol, or its number when that is a valid size ({@code >= 0}). */
    default Dim toDim() {
        if (this instanceof Size s) {
            return s.dim();
        }
        long v = value();
        if (v < 0) {
            throw new IllegalStateException(v + " is not a size");
        }
        return Dim.of(v);
    }
}
