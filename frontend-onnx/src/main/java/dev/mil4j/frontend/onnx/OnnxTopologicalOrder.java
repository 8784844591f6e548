package dev.mil4j.frontend.onnx;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import dev.mil4j.frontend.onnx.proto.AttributeProto;
import dev.mil4j.frontend.onnx.proto.GraphProto;
import dev.mil4j.frontend.onnx.proto.NodeProto;
import dev.mil4j.frontend.onnx.proto.TensorProto;
import dev.mil4j.frontend.onnx.proto.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Puts the nodes of an ONNX graph, and of every subgraph in it, in topological order, as ONNX Runtime does: some
 * exporters and graph tools write nodes in any order. The order is Kahn's, stable: among the nodes ready, the one
 * listed first in the file goes first, so a sorted graph keeps its order (and is returned as is). A node depends on
 * the producers of its inputs and of the values its subgraphs read from this graph. A value no node of the graph
 * produces is left to {@link OnnxGraphChecker} (a graph input, an initializer, a value of an enclosing graph, or
 * never produced); nodes that depend on each other in a cycle are refused, naming them.
 */
final class OnnxTopologicalOrder {
    private final String file;

    private OnnxTopologicalOrder(String file) {
        this.file = file;
    }

    /** The graph with its nodes, and those of its subgraphs, in a topological order. */
    static GraphProto sort(GraphProto graph, String file) {
        return new OnnxTopologicalOrder(file).graph(graph, "");
    }

    private GraphProto graph(GraphProto graph, String where) {
        List<NodeProto> nodes = new ArrayList<>(graph.getNodeCount());
        boolean changed = false;
        for (NodeProto n : graph.getNodeList()) {
            NodeProto sorted = subgraphs(n, where);
            changed |= sorted != n;
            nodes.add(sorted);
        }
        List<NodeProto> order = order(nodes, where);
        for (int i = 0; i < order.size() && !changed; i++) {
            changed = order.get(i) != graph.getNode(i);
        }
        return changed ? graph.toBuilder().clearNode().addAllNode(order).build() : graph;
    }

    /** The node with its subgraphs sorted, or the node itself when they already were. */
    private NodeProto subgraphs(NodeProto n, String where) {
        String label = where + (n.getName().isEmpty() ? n.getOpType() : n.getName()) + "/";
        NodeProto.Builder b = null;
        for (int i = 0; i < n.getAttributeCount(); i++) {
            AttributeProto a = n.getAttribute(i);
            if (!a.hasG() && a.getGraphsCount() == 0) {
                continue;
            }
            AttributeProto.Builder ab = a.toBuilder();
            boolean changed = false;
            if (a.hasG()) {
                GraphProto g = graph(a.getG(), label + a.getName() + "/");
                changed = g != a.getG();
                ab.setG(g);
            }
            for (int j = 0; j < a.getGraphsCount(); j++) {
                GraphProto g = graph(a.getGraphs(j), label + a.getName() + "/");
                changed |= g != a.getGraphs(j);
                ab.setGraphs(j, g);
            }
            if (changed) {
                b = b == null ? n.toBuilder() : b;
                b.setAttribute(i, ab);
            }
        }
        return b == null ? n : b.build();
    }

    private List<NodeProto> order(List<NodeProto> nodes, String where) {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).getOutputList()) {
                if (!out.isEmpty()) {
                    producer.putIfAbsent(out, i);
                }
            }
        }
        int[] waiting = new int[nodes.size()];
        List<List<Integer>> users = new ArrayList<>(nodes.size());
        nodes.forEach(n -> users.add(new ArrayList<>()));
        for (int i = 0; i < nodes.size(); i++) {
            Set<Integer> deps = new HashSet<>();
            for (String in : reads(nodes.get(i))) {
                Integer p = producer.get(in);
                if (p != null && p != i && deps.add(p)) {
                    users.get(p).add(i);
                }
            }
            waiting[i] = deps.size();
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<NodeProto> order = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(nodes.get(i));
            for (int u : users.get(i)) {
                if (--waiting[u] == 0) {
                    ready.add(u);
                }
            }
        }
        if (order.size() < nodes.size()) {
            throw cycle(nodes, waiting, where);
        }
        return order;
    }

    private ConversionException cycle(List<NodeProto> nodes, int[] waiting, String where) {
        List<String> stuck = new ArrayList<>();
        NodeProto first = null;
        for (int i = 0; i < nodes.size(); i++) {
            if (waiting[i] > 0) {
                first = first == null ? nodes.get(i) : first;
                stuck.add("`" + where + describe(nodes.get(i)) + "`");
            }
        }
        String listed = String.join(", ", stuck.subList(0, Math.min(5, stuck.size())))
                + (stuck.size() > 5 ? ", ..." : "");
        return new ConversionException(Diagnostic.error("ONNX node " + where + describe(first) + " of model " + file
                + " depends on its own output through a cycle: " + stuck.size() + " nodes wait for each other ("
                + listed + ")")
                .at(new Location("onnx", first.getOpType() + " " + where + first.getName(), "", file, 0))
                .withHint("an ONNX graph must be acyclic (loops are Loop nodes); check the exporter"));
    }

    private static String describe(NodeProto n) {
        return n.getName().isEmpty() ? n.getOpType() : n.getOpType() + " " + n.getName();
    }

    /** The values a node reads: its inputs, and the values its subgraphs read from the graphs around them. */
    private static Set<String> reads(NodeProto n) {
        Set<String> names = new LinkedHashSet<>();
        for (String in : n.getInputList()) {
            if (!in.isEmpty()) {
                names.add(in);
            }
        }
        for (AttributeProto a : n.getAttributeList()) {
            if (a.hasG()) {
                outerReads(a.getG(), names);
            }
            a.getGraphsList().forEach(g -> outerReads(g, names));
        }
        return names;
    }

    private static void outerReads(GraphProto g, Set<String> names) {
        Set<String> local = new HashSet<>();
        g.getInputList().stream().map(ValueInfoProto::getName).forEach(local::add);
        g.getInitializerList().stream().map(TensorProto::getName).forEach(local::add);
        g.getNodeList().forEach(n -> local.addAll(n.getOutputList()));
        for (NodeProto n : g.getNodeList()) {
            for (String in : reads(n)) {
                if (!local.contains(in)) {
                    names.add(in);
                }
            }
        }
        for (ValueInfoProto out : g.getOutputList()) {
            if (!local.contains(out.getName())) {
                names.add(out.getName());
            }
        }
    }
}
