package dev.mil4j.frontend.pytorch.graph;

import static java.util.Objects.requireNonNull;

import dev.mil4j.frontend.pytorch.archive.TorchTensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TorchScript module's {@code forward} with every submodule call inlined: the inputs (the arguments after
 * {@code self}), the operations in order, the tensors the graph reads (parameters, buffers, {@code CONSTANTS.cN}), and
 * the outputs (a returned tuple is flattened), and the tensors written in place ({@code writes}: each root the code
 * wrote, by name, a graph input or a key of {@code tensors} among them, with the name of its final value; see
 * {@link ViewTable}).
 */
public record TorchGraph(List<Input> inputs, List<TorchNode> nodes, Map<String, TorchTensor> tensors,
        List<TorchValue> outputs, Map<String, String> writes) {

    /** A graph input: the parameter name in {@code forward} and its annotated type, as written. */
    public record Input(String name, String type) {
        public Input {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }

    public TorchGraph {
        inputs = List.copyOf(inputs);
        nodes = List.copyOf(nodes);
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        outputs = List.copyOf(outputs);
        writes = Collections.unmodifiableMap(new LinkedHashMap<>(writes));
    }

    /** A graph that writes no tensor in place. */
    public TorchGraph(List<Input> inputs, List<TorchNode> nodes, Map<String, TorchTensor> tensors,
            List<TorchValue> outputs) {
        this(inputs, nodes, tensors, outputs, Map.of());
    }

    /** The graph as text, one node per line, for tests and debugging. */
    public String render() {
        StringBuilder sb = new StringBuilder("graph(");
        for (int i = 0; i < inputs.size(); i++) {
            sb.append(i > 0 ? ", " : "").append('%').append(inputs.get(i).name()).append(": ")
                    .append(inputs.get(i).type());
        }
        sb.append(")\n");
        renderNodes(sb, nodes, "  ");
        sb.append("  return ").append(outputs).append('\n');
        return sb.toString();
    }

    /** Every node of the graph, those in nested blocks included, depth first. */
    public List<TorchNode> allNodes() {
        List<TorchNode> out = new ArrayList<>();
        collect(nodes, out);
        return out;
    }

    private static void collect(List<TorchNode> nodes, List<TorchNode> out) {
        for (TorchNode n : nodes) {
            out.add(n);
            for (TorchBlock b : n.blocks()) {
                collect(b.nodes(), out);
            }
        }
    }

    private static void renderNodes(StringBuilder sb, List<TorchNode> nodes, String indent) {
        for (TorchNode n : nodes) {
            sb.append(indent).append(n).append("  # ").append(n.location().scope()).append(' ')
                    .append(n.location().file()).append(':').append(n.location().line()).append('\n');
            for (int i = 0; i < n.blocks().size(); i++) {
                TorchBlock b = n.blocks().get(i);
                sb.append(indent).append("  block").append(i).append('(')
                        .append(String.join(", ", b.inputs().stream().map(x -> "%" + x).toList())).append("):\n");
                renderNodes(sb, b.nodes(), indent + "    ");
                sb.append(indent).append("    -> ").append(b.outputs()).append('\n');
            }
        }
    }
}
