package dev.mil4j.frontend.onnx;

import dev.mil4j.converter.spi.TranslationRegistry;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import dev.mil4j.frontend.onnx.proto.AttributeProto;
import dev.mil4j.frontend.onnx.proto.FunctionProto;
import dev.mil4j.frontend.onnx.proto.GraphProto;
import dev.mil4j.frontend.onnx.proto.NodeProto;
import dev.mil4j.frontend.onnx.proto.TensorProto;
import dev.mil4j.frontend.onnx.proto.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks a whole model before anything is translated, and reports every problem in one error: each unsupported
 * (domain, op, opset) with the nodes using it, and each value used but never produced. It walks the main graph, the
 * subgraphs of control-flow nodes (which also see the values of the graphs around them) and the bodies of the
 * model-local functions called (with the function's opsets; a function calling itself is refused).
 */
final class OnnxGraphChecker {
    private final String file;
    private final TranslationRegistry<OnnxTranslation> translations;
    private final OnnxFunctions functions;
    private final List<Diagnostic> problems = new ArrayList<>();
    private final Map<String, List<String>> unsupported = new TreeMap<>();
    private final Deque<String> calls = new ArrayDeque<>();

    OnnxGraphChecker(String file, TranslationRegistry<OnnxTranslation> translations, OnnxFunctions functions) {
        this.file = file;
        this.translations = translations;
        this.functions = functions;
    }

    /** Checks the main graph, given the names its nodes can read (function inputs and initializers). */
    void check(GraphProto graph, Set<String> available, Map<String, Integer> opsets) {
        Set<String> produced = new HashSet<>(available);
        nodes(graph.getNodeList(), produced, opsets, "");
        for (ValueInfoProto out : graph.getOutputList()) {
            if (!produced.contains(out.getName())) {
                problems.add(Diagnostic.error("graph output `" + out.getName() + "` of ONNX model " + file
                        + " is never produced").withHint("the graph is incomplete; check the exporter"));
            }
        }
        if (!unsupported.isEmpty()) {
            Diagnostic d = Diagnostic.error("ONNX model " + file + " uses " + unsupported.size()
                    + (unsupported.size() == 1 ? " op" : " ops") + " without a translation: "
                    + String.join(", ", unsupported.keySet()))
                    .withHint("a plugin can contribute translations (OnnxTranslations.contribution(domain, op, "
                            + "sinceVersion, translation)); `mil4j plugins` lists the installed ones");
            for (Map.Entry<String, List<String>> e : unsupported.entrySet()) {
                List<String> nodes = e.getValue();
                d = d.withNote(e.getKey() + ": " + nodes.size() + (nodes.size() == 1 ? " node" : " nodes") + ", "
                        + nodes.stream().limit(3).map(s -> "`" + s + "`").collect(Collectors.joining(", "))
                        + (nodes.size() > 3 ? ", ..." : ""));
            }
            problems.add(0, d);
        }
        if (!problems.isEmpty()) {
            throw new ConversionException(problems);
        }
    }

    private void nodes(List<NodeProto> nodes, Set<String> produced, Map<String, Integer> opsets, String where) {
        for (NodeProto n : nodes) {
            OnnxNode node = new OnnxNode(n);
            String label = where + (node.name().isEmpty() ? node.describe() : node.name());
            for (String in : n.getInputList()) {
                if (!in.isEmpty() && !produced.contains(in)) {
                    problems.add(Diagnostic.error("input `" + in + "` of ONNX node " + where + node.describe()
                            + " is never produced: it is not a graph input, an initializer"
                            + (where.isEmpty() ? " or an output of an earlier node"
                                    : ", an output of an earlier node or a value of an enclosing graph"))
                            .at(new Location("onnx", (where + node.name()).isEmpty() ? node.key()
                                    : node.key() + " " + where + node.name(), "", file, 0))
                            .withHint("the graph is incomplete; check the exporter"));
                }
            }
            int version = version(opsets, node.domain());
            if (translations.lookup(node.key(), version).isPresent()) {
                OnnxOpsetChanges.unsupported(node, version, translations).ifPresent(why -> problems.add(
                        Diagnostic.error("ONNX node " + where + node.describe() + " uses opset " + version + ", but "
                                + why).at(new Location("onnx", (where + node.name()).isEmpty() ? node.key()
                                        : node.key() + " " + where + node.name(), "", file, 0))
                                .withHint("export the model with an older opset, or register a translation of the "
                                        + "new version (OnnxTranslations.contribution(\"\", \"" + node.opType()
                                        + "\", version, ...))")));
                for (AttributeProto a : n.getAttributeList()) {
                    if (a.hasG()) {
                        subgraph(a.getG(), produced, opsets, label + "/" + a.getName() + "/");
                    }
                    for (GraphProto g : a.getGraphsList()) {
                        subgraph(g, produced, opsets, label + "/" + a.getName() + "/");
                    }
                }
            } else if (functions.lookup(node.key()).isPresent()) {
                function(functions.lookup(node.key()).get(), node, opsets, label);
            } else {
                String domain = OnnxTranslations.isDefaultDomain(node.domain()) ? OnnxTranslations.DEFAULT_DOMAIN
                        : node.domain();
                unsupported.computeIfAbsent("`" + node.opType() + "` (domain " + domain + ", opset " + version + ")",
                        k -> new ArrayList<>()).add(label);
            }
            produced.addAll(n.getOutputList());
        }
    }

    private void subgraph(GraphProto g, Set<String> outer, Map<String, Integer> opsets, String where) {
        Set<String> produced = new HashSet<>(outer);
        g.getInputList().forEach(vi -> produced.add(vi.getName()));
        g.getInitializerList().stream().map(TensorProto::getName).forEach(produced::add);
        nodes(g.getNodeList(), produced, opsets, where);
        for (ValueInfoProto out : g.getOutputList()) {
            if (!produced.contains(out.getName())) {
                problems.add(Diagnostic.error("output `" + out.getName() + "` of subgraph " + where + " in ONNX model "
                        + file + " is never produced").withHint("the graph is incomplete; check the exporter"));
            }
        }
    }

    private void function(FunctionProto f, OnnxNode call, Map<String, Integer> opsets, String label) {
        String key = call.key();
        if (calls.contains(key)) {
            problems.add(Diagnostic.error("local function `" + key + "` of ONNX model " + file + " calls itself ("
                    + String.join(" -> ", calls) + " -> " + key + "), which cannot be inlined"));
            return;
        }
        calls.addLast(key);
        Set<String> produced = new HashSet<>(f.getInputList());
        nodes(f.getNodeList(), produced, OnnxFunctions.opsets(f, opsets), label + "/" + f.getName() + "/");
        for (String out : f.getOutputList()) {
            if (!produced.contains(out)) {
                problems.add(Diagnostic.error("output `" + out + "` of local function `" + key + "` in ONNX model "
                        + file + " is never produced").withHint("the function is incomplete; check the exporter"));
            }
        }
        calls.removeLast();
    }

    private static int version(Map<String, Integer> opsets, String domain) {
        Integer v = opsets.get(OnnxTranslations.isDefaultDomain(domain) ? "" : domain);
        return v == null ? 1 : v;
    }
}
