package dev.mil4j.frontend.pytorch.graph;

import java.util.List;

/**
 * A nested block of a control-flow node ({@code prim::If} branches, {@code prim::Loop} condition and body): the names
 * its inputs take inside it (a loop's carried values), its nodes in order, and the values it gives back.
 */
public record TorchBlock(List<String> inputs, List<TorchNode> nodes, List<TorchValue> outputs) {
    public TorchBlock {
        inputs = List.copyOf(inputs);
        nodes = List.copyOf(nodes);
        outputs = List.copyOf(outputs);
    }
}
