package dev.mil4j.frontend.pytorch.archive;

import java.util.List;

/** A Python tuple from a pickle (lists are {@link List}s, dicts {@link java.util.Map}s). */
public record PyTuple(List<Object> items) {
    public PyTuple {
        items = List.copyOf(items);
    }

    public int size() {
        return items.size();
    }

    public Object get(int i) {
        return items.get(i);
    }

    @Override
    public String toString() {
        return items.size() == 1 ? "(" + items.get(0) + ",)"
                : "(" + String.join(", ", items.stream().map(String::valueOf).toList()) + ")";
    }
}
