package dev.mil4j.frontend.pytorch.graph;

import java.util.List;

/**
 * A tuple made while code runs that holds what is not a value of the graph (a dict, a module, a value not yet
 * initialized): {@code return (total, parts, d)} with a dict {@code d}. Tuples of values are
 * {@link TorchValue.Sequence}s; this one is unpacked, indexed and flattened into outputs the same way.
 */
record ScriptTuple(List<Object> items) {
    ScriptTuple {
        items = List.copyOf(items);
    }

    @Override
    public String toString() {
        return "tuple " + items;
    }
}
