package dev.mil4j.frontend.pytorch.graph;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Python dict made while code runs ({@code {}}, {@code torch.dict()}), keyed by literal values (strings, ints) in
 * insertion order. A returned dict gives its values, in order, as outputs.
 */
final class ScriptDict {
    final Map<Object, Object> entries = new LinkedHashMap<>();

    @Override
    public String toString() {
        return "dict " + entries;
    }
}
