package dev.mil4j.frontend.tensorflow;

import dev.mil4j.core.diag.Location;
import dev.mil4j.core.ir.Var;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph or a function body being translated: its nodes, the values of their outputs (and of the function's
 * arguments), the calling nodes' path ({@code ""} for the graph), the function's name (null for the graph) and the
 * call depth.
 */
final class TfScope {
    final String file;
    final String prefix;
    final String function;
    final Map<String, TfNode> nodes;
    final Map<TfNode.Ref, Var> values;
    final int depth;
    private final Set<String> arguments;

    private TfScope(String file, String prefix, String function, Map<String, TfNode> nodes,
            Map<TfNode.Ref, Var> values, int depth, List<String> arguments) {
        this.file = file;
        this.prefix = prefix;
        this.function = function;
        this.nodes = nodes;
        this.values = values;
        this.depth = depth;
        this.arguments = Set.copyOf(arguments);
    }

    /** The scope of the graph of {@code file}, over {@code nodes} (the map itself, which may be refilled). */
    static TfScope graph(String file, Map<String, TfNode> nodes) {
        return new TfScope(file, "", null, nodes, new HashMap<>(), 0, List.of());
    }

    /** The scope of {@code body} called from this scope, its nodes located under {@code prefix}. */
    TfScope body(String prefix, TfFunctionBody body) {
        return new TfScope(file, prefix, body.name(), body.nodes(), new HashMap<>(), depth + 1, body.args());
    }

    boolean isArgument(TfNode.Ref r) {
        return r.index() == 0 && arguments.contains(r.node());
    }

    /** {@code node} for a node of the graph, {@code function/node} for one of a function body. */
    String qualifiedName(TfNode n) {
        return function == null ? n.name() : function + "/" + n.name();
    }

    String describe() {
        return function == null ? "graph " + file : "function `" + function + "` of graph " + file;
    }

    /** A node's location: in a function body, its name is the calling nodes' path, then its own name. */
    Location location(TfNode n) {
        return new Location("tensorflow", prefix + n.name(), n.op(), file, 0);
    }
}
