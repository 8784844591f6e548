package dev.mil4j.frontend.pytorch.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * A Python list made while code runs ({@code [x]}, {@code annotate(List[Tensor], [])}), which the code may change
 * ({@code torch.append}, {@code torch._set_item}); it becomes an immutable {@link TorchValue.Sequence} when it is
 * given to an op. Two lists are the same only when they are the same object.
 */
final class ScriptList {
    final List<Object> items;

    ScriptList(List<?> items) {
        this.items = new ArrayList<>(items);
    }

    @Override
    public String toString() {
        return "list " + items;
    }
}
