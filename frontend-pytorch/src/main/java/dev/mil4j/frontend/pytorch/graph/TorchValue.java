package dev.mil4j.frontend.pytorch.graph;

import static java.util.Objects.requireNonNull;

import dev.mil4j.frontend.pytorch.archive.PyNone;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A value in a {@link TorchGraph}: a reference to a named value (a node output, a graph input, a parameter, buffer
 * or constant), a Python literal, or a list or tuple of values (such as the shape list {@code [_3, _7, 4, _10]}).
 */
public sealed interface TorchValue {
    /**
     * A named value: a node output, a graph input, or a tensor attribute ({@code lin.weight},
     * {@code CONSTANTS.c0}).
     */
    record Ref(String name) implements TorchValue {
        public Ref {
            requireNonNull(name, "name is null");
        }

        @Override
        public String toString() {
            return "%" + name;
        }
    }

    /** A Python literal: {@link Long}, {@link Double}, {@link Boolean}, {@link String} or {@link PyNone#NONE}. */
    record Literal(Object value) implements TorchValue {
        public Literal {
            requireNonNull(value, "value is null");
            if (!(value instanceof Long || value instanceof Double || value instanceof Boolean
                    || value instanceof String || value instanceof PyNone)) {
                throw new IllegalArgumentException("not a literal: " + value.getClass().getName());
            }
        }

        public boolean isNone() {
            return value == PyNone.NONE;
        }

        @Override
        public String toString() {
            return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        }
    }

    /** A Python list or tuple of values. */
    record Sequence(List<TorchValue> items, boolean tuple) implements TorchValue {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String toString() {
            String inner = items.stream().map(String::valueOf).collect(Collectors.joining(", "));
            return tuple ? "(" + inner + (items.size() == 1 ? ",)" : ")") : "[" + inner + "]";
        }
    }

    static Literal of(Object value) {
        return new Literal(value);
    }
}
