package dev.mil4j.frontend.tensorflow;

import dev.mil4j.converter.spi.TranslationRegistry;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Finds every problem of a graph before anything is translated: the nodes the outputs need (an input naming no
 * node is a problem), variables in a frozen graph, ops without a translation and calls of functions the library
 * lacks (each op type listed once with its node count and names, the bodies of the called functions included,
 * their nodes named {@code function/node}), and cycles. Problems are collected, so one error lists them all.
 */
final class TfGraphChecker {
    /** Ops that hold variables: a SavedModel's are frozen from its checkpoint, a frozen graph must have none. */
    private static final Set<String> VARIABLE_OPS = Set.of("VariableV2", "Variable", "VarHandleOp",
            "VarIsInitializedOp");

    private final String file;
    private final TranslationRegistry<TfTranslation> translations;
    private final TfLibrary library;

    TfGraphChecker(String file, TranslationRegistry<TfTranslation> translations, TfLibrary library) {
        this.file = file;
        this.translations = translations;
        this.library = library;
    }

    /** Throws the problems found so far, all in one error. */
    static void throwIf(List<Diagnostic> problems) {
        if (!problems.isEmpty()) {
            throw new ConversionException(problems);
        }
    }

    /**
     * The nodes of a scope the outputs depend on (through data inputs), in the scope's order; inputs naming neither
     * a node nor a bound value (a function argument) are problems.
     */
    List<TfNode> needed(TfScope scope, Iterable<TfNode.Ref> outputs, List<Diagnostic> problems) {
        Set<String> seen = new HashSet<>();
        List<String> stack = new ArrayList<>();
        for (TfNode.Ref r : outputs) {
            if (scope.nodes.containsKey(r.node())) {
                if (seen.add(r.node())) {
                    stack.add(r.node());
                }
            } else if (!scope.isArgument(r)) {
                problems.add(Diagnostic.error("output `" + r + "` of TensorFlow " + scope.describe()
                        + " names no node of it"));
            }
        }
        while (!stack.isEmpty()) {
            TfNode n = scope.nodes.get(stack.remove(stack.size() - 1));
            for (TfNode.Ref in : n.inputs()) {
                if (scope.nodes.containsKey(in.node())) {
                    if (seen.add(in.node())) {
                        stack.add(in.node());
                    }
                } else if (!scope.isArgument(in)) {
                    problems.add(Diagnostic.error("input `" + in + "` of TensorFlow node " + n.describe()
                            + " names no node of " + scope.describe()).at(scope.location(n))
                            .withHint("the graph is incomplete; export it again"));
                }
            }
        }
        return scope.nodes.values().stream().filter(n -> seen.contains(n.name())).toList();
    }

    /**
     * Variables, ops without a translation and missing functions, each op type listed once with its node count;
     * the bodies of the functions the needed nodes call (If branches, While conds and bodies, ...) are checked
     * too.
     */
    void checkOps(TfScope graph, List<TfNode> needed, List<Diagnostic> problems) {
        Map<String, List<String>> unsupported = new TreeMap<>();
        List<String> variables = new ArrayList<>();
        checkOps(graph, needed, unsupported, variables, new HashSet<>(), problems);
        if (!variables.isEmpty()) {
            problems.add(Diagnostic.error("TensorFlow graph " + file + " reads variables ("
                    + String.join(", ", variables.stream().limit(3).toList()) + (variables.size() > 3 ? ", ..." : "")
                    + "); a frozen graph must hold its weights as constants")
                    .withHint("convert the SavedModel directory instead (mil4j freezes its variables from "
                            + "variables/), or freeze the graph first (in Python: convert_variables_to_constants_v2 "
                            + "on the concrete function, then tf.io.write_graph(..., as_text=False))"));
        }
        if (!unsupported.isEmpty()) {
            int count = unsupported.size();
            problems.add(Diagnostic.error("TensorFlow graph " + file + " uses " + count
                    + (count == 1 ? " op" : " ops") + " without a translation: " + unsupported.entrySet().stream()
                    .map(e -> "`" + e.getKey() + "` (" + e.getValue().size() + (e.getValue().size() == 1 ? " node: "
                            : " nodes: ") + e.getValue().stream().limit(5).map(s -> "`" + s + "`")
                            .collect(Collectors.joining(", ")) + (e.getValue().size() > 5 ? ", ..." : "") + ")")
                    .collect(Collectors.joining(", ")))
                    .withHint("a plugin can contribute translations (TfTranslations.of(opType, translation)); "
                            + "`mil4j plugins` lists the installed ones"));
        }
    }

    private void checkOps(TfScope scope, List<TfNode> needed, Map<String, List<String>> unsupported,
            List<String> variables, Set<String> visited, List<Diagnostic> problems) {
        for (TfNode n : needed) {
            String name = scope.qualifiedName(n);
            if (VARIABLE_OPS.contains(n.op())) {
                variables.add("`" + name + "` (" + n.op() + ")");
            } else if (translations.lookup(n.op()).isEmpty()) {
                unsupported.computeIfAbsent(n.op(), k -> new ArrayList<>()).add(name);
            }
            for (String f : TfFunctionBody.functionsOf(n)) {
                if (!visited.add(f)) {
                    continue;
                }
                if (!library.defines(f)) {
                    problems.add(Diagnostic.error("TensorFlow node " + n.describe() + " calls function `" + f
                            + "`, which the function library of graph " + file + " does not define")
                            .at(scope.location(n)).withHint("the graph is incomplete; export it again"));
                    continue;
                }
                TfFunctionBody body;
                try {
                    body = library.body(f);
                } catch (ConversionException e) {
                    problems.addAll(e.diagnostics());
                    continue;
                }
                TfScope inner = scope.body(scope.prefix, body);
                checkOps(inner, needed(inner, body.outputs(), problems), unsupported, variables, visited, problems);
            }
        }
    }

    /** Kahn's algorithm in the scope's order; a cycle is a problem naming its nodes. */
    List<TfNode> topologicalOrder(TfScope scope, List<TfNode> needed, List<Diagnostic> problems) {
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<TfNode>> users = new HashMap<>();
        for (TfNode n : needed) {
            int count = 0;
            for (TfNode.Ref in : n.inputs()) {
                if (scope.nodes.containsKey(in.node())) {
                    users.computeIfAbsent(in.node(), k -> new ArrayList<>()).add(n);
                    count++;
                }
            }
            pending.put(n.name(), count);
        }
        List<TfNode> order = new ArrayList<>();
        ArrayDeque<TfNode> ready = new ArrayDeque<>();
        needed.stream().filter(n -> pending.get(n.name()) == 0).forEach(ready::add);
        while (!ready.isEmpty()) {
            TfNode n = ready.poll();
            order.add(n);
            for (TfNode u : users.getOrDefault(n.name(), List.of())) {
                if (pending.merge(u.name(), -1, Integer::sum) == 0) {
                    ready.add(u);
                }
            }
        }
        if (order.size() < needed.size()) {
            problems.add(Diagnostic.error("TensorFlow " + scope.describe() + " has a cycle: "
                    + cycle(scope, needed, pending)).withHint("a GraphDef must be acyclic (TensorFlow 1 while loops, "
                    + "NextIteration/Merge, are not supported: save the model with TensorFlow 2 functional "
                    + "control flow)"));
        }
        return order;
    }

    /** One cycle among the nodes left with pending inputs, as {@code `a` (Op) -> `b` (Op) -> `a` (Op)}. */
    private static String cycle(TfScope scope, List<TfNode> needed, Map<String, Integer> pending) {
        TfNode start = needed.stream().filter(n -> pending.get(n.name()) > 0).findFirst().orElseThrow();
        List<TfNode> path = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        TfNode n = start;
        while (!index.containsKey(n.name())) {
            index.put(n.name(), path.size());
            path.add(n);
            n = n.inputs().stream().map(r -> scope.nodes.get(r.node())).filter(p -> p != null
                    && pending.get(p.name()) > 0).findFirst().orElseThrow();
        }
        List<TfNode> loop = new ArrayList<>(path.subList(index.get(n.name()), path.size()));
        Collections.reverse(loop);
        loop.add(loop.get(0));
        return loop.stream().map(TfNode::describe).collect(Collectors.joining(" -> "));
    }
}
