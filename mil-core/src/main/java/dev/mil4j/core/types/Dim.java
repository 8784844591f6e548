package dev.mil4j.core.types;

import static java.util.Objects.requireNonNull;

/**
 * One dimension of a tensor shape: a known size or a named symbol (a size only known at run time, such as a batch
 * size {@code B} or a sequence length {@code s0}). Known sizes below 1024 are interned.
 */
public sealed interface Dim permits Dim.Known, Dim.Symbol {

    /** A dimension of known size. */
    record Known(long size) implements Dim {
        public Known {
            if (size < 0) {
                throw new IllegalArgumentException("a dimension cannot be negative: " + size);
            }
        }

        @Override
        public String toString() {
            return Long.toString(size);
        }
    }

    /** A dimension known only by name; two symbols are the same size exactly when their names are equal. */
    record Symbol(String name) implements Dim {
        public Symbol {
            requireNonNull(name, "name is null");
            if (!isSymbolName(name)) {
                throw new IllegalArgumentException("not a valid dimension symbol: '" + name
                        + "' (use letters, digits and '_', starting with a letter or '_')");
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Dim of(long size) {
        return size >= 0 && size < Cache.SMALL.length ? Cache.SMALL[(int) size] : new Known(size);
    }

    static Dim symbol(String name) {
        return new Symbol(name);
    }

    default boolean isKnown() {
        return this instanceof Known;
    }

    /** The size of a known dimension; throws for a symbol (check {@link #isKnown()} first). */
    default long size() {
        if (this instanceof Known k) {
            return k.size();
        }
        throw new IllegalStateException("dimension " + this + " is symbolic");
    }

    static boolean isSymbolName(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Interned small sizes. */
    final class Cache {
        private static final Dim[] SMALL = new Dim[1024];

        static {
            for (int i = 0; i < SMALL.length; i++) {
                SMALL[i] = new Known(i);
            }
        }

        private Cache() {
        }
    }
}
