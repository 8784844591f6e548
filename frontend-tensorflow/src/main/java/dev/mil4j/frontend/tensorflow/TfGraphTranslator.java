package dev.mil4j.frontend.tensorflow;

import dev.mil4j.converter.spi.FrontendContext;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Translates the part of a TensorFlow graph that the outputs need into a MIL program: finds the outputs (the
 * user's, the signature's, or the graph's sinks), checks the needed nodes (missing inputs, variables, ops without a
 * translation, placeholders without a shape, cycles — every problem in one error), orders them topologically, makes
 * the placeholders function inputs and translates node by node.
 */
final class TfGraphTranslator {
    /** Ops that hold variables: a SavedModel's are frozen from its checkpoint, a frozen graph must have none. */
    private static final Set<String> VARIABLE_OPS = Set.of("VariableV2", "Variable", "VarHandleOp",
            "VarIsInitializedOp");
    /** The deepest nesting of function calls translated (TensorFlow forbids recursion; this bounds bad input). */
    private static final int MAX_CALL_DEPTH = 32;
    /** Ops that produce no value and are never graph outputs. */
    private static final Set<String> NOT_OUTPUTS = Set.of("NoOp", "Const", "Placeholder", "SaveV2", "RestoreV2",
            "Assign", "AssignVariableOp", "MergeV2Checkpoints");

    private final TfModel model;
    private final FrontendContext<TfTranslation> context;
    private final Map<String, TfNode> nodes = new LinkedHashMap<>();
    private final Map<TfNode.Ref, Var> values = new HashMap<>();
    private final Scope graphScope = new Scope("", null, nodes, values, 0);
    private final Map<String, FunctionDef> library = new HashMap<>();
    private final Map<String, TfFunctionBody> bodies = new HashMap<>();
    private final Map<String, Var> placeholders = new HashMap<>();
    private final Set<Var> named = Collections.newSetFromMap(new IdentityHashMap<>());
    private Function function;

    TfGraphTranslator(TfModel model, FrontendContext<TfTranslation> context) {
        this.model = model;
        this.context = context;
    }

    Program translate() {
        List<Diagnostic> problems = new ArrayList<>();
        readNodes(model.graph(), problems);
        for (FunctionDef f : model.graph().getLibrary().getFunctionList()) {
            library.put(f.getSignature().getName(), f);
        }
        throwIf(problems);
        Map<String, TfNode.Ref> outputs = outputs();
        List<TfNode> needed = needed(graphScope, outputs.values(), problems);
        throwIf(problems);
        needed = freezeVariables(needed, outputs.values(), problems);
        checkOps(needed, problems);
        Map<String, ValueType> inputs = inputTypes(needed, problems);
        List<TfNode> order = topologicalOrder(graphScope, needed, problems);
        throwIf(problems);

        Program program = new Program();
        program.setAttribute("source", "tensorflow");
        model.signature().ifPresent(s -> program.setAttribute("tensorflow_signature", s.key()));
        function = program.addFunction("main", context.opset(), inputs);
        int i = 0;
        for (String name : inputs.keySet()) {
            Var v = function.inputs().get(i++);
            placeholders.put(inputNodes.get(name), v);
            named.add(v);
        }
        Builder builder = Builder.atEnd(function.body(), context.ops());
        int count = 0;
        for (TfNode n : order) {
            translateNode(graphScope, n, builder);
            context.progress().stageProgress("translate", ++count, order.size());
        }
        List<Var> outs = new ArrayList<>();
        for (Map.Entry<String, TfNode.Ref> e : outputs.entrySet()) {
            Var v = value(graphScope, e.getValue());
            if (model.signature().isPresent() && !named.contains(v) || outs.contains(v)) {
                v = builder.at(Location.of("tensorflow", e.getKey())).op("identity").input("x", v).output();
            }
            if (model.signature().isPresent()) {
                rename(v, TfNames.sanitize(e.getKey()));
            }
            outs.add(v);
        }
        function.setOutputs(outs);
        List<Diagnostic> verify = Verifier.verify(program);
        if (verify.stream().anyMatch(Diagnostic::isError)) {
            throw new ConversionException(verify);
        }
        return program;
    }

    private void readNodes(GraphDef graph, List<Diagnostic> problems) {
        nodes.clear();
        for (var def : graph.getNodeList()) {
            TfNode n = new TfNode(def);
            if (nodes.putIfAbsent(n.name(), n) != null) {
                problems.add(Diagnostic.error("TensorFlow graph " + model.file() + " has two nodes named `"
                        + n.name() + "`"));
            }
        }
    }

    /**
     * Replaces the needed variables of a SavedModel with constants read from its checkpoint and returns the needed
     * nodes of the frozen graph; without variables (or for a frozen graph, which has no checkpoint) the nodes are
     * returned as they are and {@link #checkOps} reports any variable.
     */
    private List<TfNode> freezeVariables(List<TfNode> needed, java.util.Collection<TfNode.Ref> outputs,
            List<Diagnostic> problems) {
        List<String> variables = needed.stream().filter(n -> TfVariableFreezer.VARIABLES.contains(n.op()))
                .map(TfNode::name).toList();
        if (variables.isEmpty() || model.directory().isEmpty()) {
            return needed;
        }
        Optional<TfCheckpoint> checkpoint;
        try {
            checkpoint = TfCheckpoint.open(model.directory().get(), model.directory().get().getFileName()
                    .toString());
        } catch (TfCheckpoint.CheckpointException e) {
            throw new ConversionException(Diagnostic.error("cannot freeze the variables of TensorFlow SavedModel "
                    + model.file() + ": " + e.getMessage()).withHint("export the SavedModel again, or copy its "
                    + "variables/ folder completely"));
        }
        if (checkpoint.isEmpty()) {
            throw new ConversionException(Diagnostic.error("TensorFlow SavedModel " + model.file() + " reads "
                    + variables.size() + (variables.size() == 1 ? " variable" : " variables") + " ("
                    + String.join(", ", variables.stream().limit(3).map(v -> "`" + v + "`").toList())
                    + (variables.size() > 3 ? ", ..." : "") + "), but its directory has no "
                    + TfCheckpoint.INDEX).withHint("copy the SavedModel's variables/ folder with it"));
        }
        GraphDef frozen = TfVariableFreezer.freeze(model.graph(), variables, checkpoint.get(), model.file());
        readNodes(frozen, problems);
        List<TfNode> result = needed(graphScope, outputs, problems);
        throwIf(problems);
        return result;
    }

    private static void throwIf(List<Diagnostic> problems) {
        if (!problems.isEmpty()) {
            throw new ConversionException(problems);
        }
    }

    /** Output name to graph tensor: the user's outputs, else the signature's, else every sink node's output 0. */
    private Map<String, TfNode.Ref> outputs() {
        Map<String, TfNode.Ref> out = new LinkedHashMap<>();
        Map<String, TfNode.Ref> signatureOutputs = model.signature().map(TfModel.Signature::outputs).orElse(Map.of());
        if (!context.options().outputs().isEmpty()) {
            for (String name : context.options().outputs()) {
                TfNode.Ref ref = signatureOutputs.getOrDefault(name, TfNode.Ref.parse(name));
                if (!nodes.containsKey(ref.node())) {
                    throw new ConversionException(Diagnostic.error("TensorFlow graph " + model.file()
                            + " has no node or signature output named `" + name + "`")
                            .withHint("name an output as a node (`logits`), a node output (`topk:1`)"
                                    + (signatureOutputs.isEmpty() ? "" : " or a signature output ("
                                    + String.join(", ", signatureOutputs.keySet()) + ")")));
                }
                out.put(name, ref);
            }
            return out;
        }
        if (!signatureOutputs.isEmpty()) {
            return signatureOutputs;
        }
        Set<String> consumed = new HashSet<>();
        for (TfNode n : nodes.values()) {
            n.inputs().forEach(r -> consumed.add(r.node()));
        }
        for (TfNode n : nodes.values()) {
            if (!consumed.contains(n.name()) && !NOT_OUTPUTS.contains(n.op())) {
                out.put(n.name(), new TfNode.Ref(n.name(), 0));
                for (int i = 1; i < outputCount(n); i++) {
                    out.put(n.name() + ":" + i, new TfNode.Ref(n.name(), i));
                }
            }
        }
        if (out.isEmpty()) {
            throw new ConversionException(Diagnostic.error("TensorFlow graph " + model.file() + " has no output: "
                    + "every node's value is used by another node").withHint("name the outputs (ConvertOptions "
                    + "outputs, --output)"));
        }
        return out;
    }

    /** The number of outputs a sink node contributes as default graph outputs. */
    private static int outputCount(TfNode n) {
        return switch (n.op()) {
            case "TopKV2", "TopK" -> 2;
            case "Unpack" -> (int) n.intAttr("num", 1);
            case "Split", "SplitV" -> (int) n.intAttr("num_split", 1);
            case "If", "StatelessIf" -> n.attr("Tout").map(a -> a.getList().getTypeCount()).orElse(1);
            case "While", "StatelessWhile" -> n.attr("T").map(a -> a.getList().getTypeCount()).orElse(1);
            default -> 1;
        };
    }

    /**
     * The nodes of a scope the outputs depend on (through data inputs), in the scope's order; inputs naming neither
     * a node nor a bound value (a function argument) are problems.
     */
    private List<TfNode> needed(Scope scope, Iterable<TfNode.Ref> outputs, List<Diagnostic> problems) {
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
                            + " names no node of " + scope.describe()).at(location(scope, n))
                            .withHint("the graph is incomplete; export it again"));
                }
            }
        }
        return scope.nodes.values().stream().filter(n -> seen.contains(n.name())).toList();
    }

    /**
     * Variables, ops without a translation and missing functions, each op type listed once with its node count;
     * the bodies of the functions the needed nodes call (If branches, While conds and bodies, ...) are checked
     * too, their nodes named {@code function/node}.
     */
    private void checkOps(List<TfNode> needed, List<Diagnostic> problems) {
        Map<String, List<String>> unsupported = new TreeMap<>();
        List<String> variables = new ArrayList<>();
        checkOps(graphScope, needed, unsupported, variables, new HashSet<>(), problems);
        if (!variables.isEmpty()) {
            problems.add(Diagnostic.error("TensorFlow graph " + model.file() + " reads variables ("
                    + String.join(", ", variables.stream().limit(3).toList()) + (variables.size() > 3 ? ", ..." : "")
                    + "); a frozen graph must hold its weights as constants")
                    .withHint("convert the SavedModel directory instead (mil4j freezes its variables from "
                            + "variables/), or freeze the graph first (in Python: convert_variables_to_constants_v2 "
                            + "on the concrete function, then tf.io.write_graph(..., as_text=False))"));
        }
        if (!unsupported.isEmpty()) {
            int count = unsupported.size();
            Diagnostic d = Diagnostic.error("TensorFlow graph " + model.file() + " uses " + count
                    + (count == 1 ? " op" : " ops") + " without a translation: " + unsupported.entrySet().stream()
                    .map(e -> "`" + e.getKey() + "` (" + e.getValue().size() + (e.getValue().size() == 1 ? " node: "
                            : " nodes: ") + e.getValue().stream().limit(5).map(s -> "`" + s + "`")
                            .collect(Collectors.joining(", ")) + (e.getValue().size() > 5 ? ", ..." : "") + ")")
                    .collect(Collectors.joining(", ")))
                    .withHint("a plugin can contribute translations (TfTranslations.of(opType, translation)); "
                            + "`mil4j plugins` lists the installed ones");
            problems.add(d);
        }
    }

    private void checkOps(Scope scope, List<TfNode> needed, Map<String, List<String>> unsupported,
            List<String> variables, Set<String> visited, List<Diagnostic> problems) {
        for (TfNode n : needed) {
            String name = scope.function == null ? n.name() : scope.function + "/" + n.name();
            if (VARIABLE_OPS.contains(n.op())) {
                variables.add("`" + name + "` (" + n.op() + ")");
            } else if (context.translations().lookup(n.op()).isEmpty()) {
                unsupported.computeIfAbsent(n.op(), k -> new ArrayList<>()).add(name);
            }
            for (String f : TfFunctionBody.functionsOf(n)) {
                if (!visited.add(f)) {
                    continue;
                }
                if (!library.containsKey(f)) {
                    problems.add(Diagnostic.error("TensorFlow node " + n.describe() + " calls function `" + f
                            + "`, which the function library of graph " + model.file() + " does not define")
                            .at(location(scope, n)).withHint("the graph is incomplete; export it again"));
                    continue;
                }
                TfFunctionBody body;
                try {
                    body = body(f);
                } catch (ConversionException e) {
                    problems.addAll(e.diagnostics());
                    continue;
                }
                Scope inner = new Scope(scope.prefix, f, body.nodes(), new HashMap<>(), scope.depth + 1, body.args());
                List<TfNode> innerNeeded = needed(inner, body.outputs(), problems);
                checkOps(inner, innerNeeded, unsupported, variables, visited, problems);
            }
        }
    }

    private TfFunctionBody body(String function) {
        TfFunctionBody body = bodies.get(function);
        if (body == null) {
            body = TfFunctionBody.of(library.get(function), model.file());
            bodies.put(function, body);
        }
        return body;
    }

    /** Placeholder (function input) name to the placeholder's node name. */
    private final Map<String, String> inputNodes = new LinkedHashMap<>();

    /** The function inputs: the needed placeholders, typed from the user's input types or the graph. */
    private Map<String, ValueType> inputTypes(List<TfNode> needed, List<Diagnostic> problems) {
        Map<String, String> signatureKeys = new HashMap<>();
        model.signature().ifPresent(s -> s.inputs().forEach((k, r) -> signatureKeys.put(r.node(), k)));
        Set<String> known = new HashSet<>();
        Map<String, ValueType> types = new LinkedHashMap<>();
        for (TfNode n : needed) {
            if (!n.op().equals("Placeholder")) {
                continue;
            }
            String key = signatureKeys.getOrDefault(n.name(), n.name());
            known.add(key);
            known.add(n.name());
            Optional<InputType> user = context.options().input(key).or(() -> context.options().input(n.name()));
            String name = TfNames.sanitize(key);
            try {
                types.put(name, inputType(n, name, user));
                inputNodes.put(name, n.name());
            } catch (ConversionException e) {
                problems.addAll(e.diagnostics());
            }
        }
        for (InputType user : context.options().inputs()) {
            if (!known.contains(user.name())) {
                problems.add(Diagnostic.error("TensorFlow graph " + model.file() + " has no placeholder named `"
                        + user.name() + "` that the outputs use").withHint("its inputs are " + (inputNodes.isEmpty()
                        ? "(none)" : inputNodes.values().stream().map(s -> "`" + s + "`")
                        .collect(Collectors.joining(", ")))));
            }
        }
        return types;
    }

    private TensorType inputType(TfNode n, String name, Optional<InputType> user) {
        DataType tfType = n.typeAttr("dtype").orElse(DataType.DT_FLOAT);
        Optional<DType> dtype = user.flatMap(InputType::dtype).or(() -> TfTensors.dtype(tfType));
        if (dtype.isEmpty()) {
            throw new ConversionException(Diagnostic.error("placeholder `" + n.name() + "` of TensorFlow graph "
                    + model.file() + " has dtype " + TfTensors.name(tfType) + ", which has no MIL equivalent")
                    .at(location(n)).withHint("give the input a dtype (InputType with fp32, fp16, int32 or bool)"));
        }
        if (user.flatMap(InputType::shape).isPresent()) {
            return new TensorType(dtype.get(), user.get().shape().get());
        }
        Optional<TensorShapeProto> shape = n.shapeAttr("shape");
        if (shape.isEmpty() || shape.get().getUnknownRank()) {
            throw new ConversionException(Diagnostic.error("placeholder `" + n.name() + "` of TensorFlow graph "
                    + model.file() + " has no shape (not even a rank), and no input type gives one")
                    .at(location(n)).withHint("give its shape, e.g. InputType.of(\"" + n.name()
                    + "\", Shape.parse(\"1x224x224x3\")) or --input " + n.name() + ":1x224x224x3"));
        }
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < shape.get().getDimCount(); i++) {
            long size = shape.get().getDim(i).getSize();
            dims.add(size >= 0 ? Dim.of(size) : Dim.symbol(name + "_d" + i));
        }
        return new TensorType(dtype.get(), Shape.of(dims));
    }

    /** Kahn's algorithm in the scope's order; a cycle is a problem naming its nodes. */
    private List<TfNode> topologicalOrder(Scope scope, List<TfNode> needed, List<Diagnostic> problems) {
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
        java.util.ArrayDeque<TfNode> ready = new java.util.ArrayDeque<>();
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
    private String cycle(Scope scope, List<TfNode> needed, Map<String, Integer> pending) {
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

    private Location location(TfNode n) {
        return location(graphScope, n);
    }

    /** A node's location: in a function body, its name is the calling nodes' path, then its own name. */
    private Location location(Scope scope, TfNode n) {
        return new Location("tensorflow", scope.prefix + n.name(), n.op(), model.file(), 0);
    }

    private void translateNode(Scope scope, TfNode n, Builder builder) {
        Location where = location(scope, n);
        builder.at(where);
        TfTranslation t = context.translations().lookup(n.op()).orElseThrow();
        List<Var> outs;
        try {
            outs = t.translate(n, new TfTranslationContext(builder, n, r -> value(scope, r),
                    Optional.ofNullable(scope.function == null ? placeholders.get(n.name()) : null),
                    (attr, inner, args) -> call(scope, n, attr, inner, args)));
        } catch (ConversionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConversionException(Diagnostic.error("TensorFlow node " + n.describe()
                    + (scope.function == null ? "" : " of function `" + scope.function + "`") + ": "
                    + e.getMessage()).at(where));
        }
        for (int i = 0; i < outs.size(); i++) {
            Var v = outs.get(i);
            scope.values.put(new TfNode.Ref(n.name(), i), v);
            if (!named.contains(v) && v.producer().isPresent()) {
                String base = scope.prefix + n.name();
                rename(v, TfNames.sanitize(i == 0 ? base : base + "_" + i));
                named.add(v);
            }
        }
    }

    /**
     * Translates the body of the function that attribute {@code attr} of {@code caller} names into the block
     * {@code builder} appends to, its arguments bound to {@code args}; returns its outputs in order.
     */
    private List<Var> call(Scope scope, TfNode caller, String attr, Builder builder, List<Var> args) {
        Location where = location(scope, caller);
        String f = TfFunctionBody.functionAttr(caller, attr).orElseThrow(() -> new ConversionException(
                Diagnostic.error("TensorFlow node " + caller.describe() + " has no function attribute `" + attr
                        + "`").at(where)));
        if (!library.containsKey(f)) {
            throw new ConversionException(Diagnostic.error("TensorFlow node " + caller.describe() + " calls function `"
                    + f + "`, which the function library of graph " + model.file() + " does not define").at(where));
        }
        if (scope.depth >= MAX_CALL_DEPTH) {
            throw new ConversionException(Diagnostic.error("TensorFlow node " + caller.describe() + " calls function `"
                    + f + "` " + MAX_CALL_DEPTH + " calls deep; TensorFlow functions cannot recurse").at(where));
        }
        TfFunctionBody body = body(f);
        if (args.size() != body.args().size()) {
            throw new ConversionException(Diagnostic.error("TensorFlow node " + caller.describe() + " passes "
                    + args.size() + " values to function `" + f + "`, which takes " + body.args().size()).at(where));
        }
        Scope inner = new Scope(scope.prefix + caller.name() + "/", f, body.nodes(), new HashMap<>(),
                scope.depth + 1, body.args());
        for (int i = 0; i < args.size(); i++) {
            inner.values.put(new TfNode.Ref(body.args().get(i), 0), args.get(i));
        }
        List<Diagnostic> problems = new ArrayList<>();
        List<TfNode> order = topologicalOrder(inner, needed(inner, body.outputs(), problems), problems);
        throwIf(problems);
        for (TfNode n : order) {
            translateNode(inner, n, builder);
        }
        builder.at(where);
        List<Var> outs = new ArrayList<>();
        for (TfNode.Ref r : body.outputs()) {
            outs.add(value(inner, r));
        }
        return outs;
    }

    private void rename(Var v, String wanted) {
        if (v.name().equals(wanted)) {
            return;
        }
        String name = function.claimName(wanted);
        Optional<Operation> producer = v.producer();
        if (producer.isPresent() && producer.get().outputs().size() == 1 && producer.get().name().equals(v.name())) {
            producer.get().rename(name);
        }
        v.rename(name);
    }

    private Var value(Scope scope, TfNode.Ref ref) {
        Var v = scope.values.get(ref);
        if (v == null) {
            TfNode n = scope.nodes.get(ref.node());
            throw new ConversionException(Diagnostic.error("output " + ref.index() + " of TensorFlow node "
                    + (n == null ? "`" + ref.node() + "`" : n.describe()) + " is used, but its translation does not "
                    + "produce it").at(n == null ? Location.UNKNOWN : location(scope, n)));
        }
        return v;
    }

    /**
     * The graph or a function body being translated: its nodes, the values of their outputs (and of the function's
     * arguments), the calling nodes' path (empty for the graph) and the function's name (null for the graph).
     */
    private final class Scope {
        final String prefix;
        final String function;
        final Map<String, TfNode> nodes;
        final Map<TfNode.Ref, Var> values;
        final int depth;
        final Set<String> arguments;

        Scope(String prefix, String function, Map<String, TfNode> nodes, Map<TfNode.Ref, Var> values, int depth) {
            this(prefix, function, nodes, values, depth, List.of());
        }

        Scope(String prefix, String function, Map<String, TfNode> nodes, Map<TfNode.Ref, Var> values, int depth,
                List<String> arguments) {
            this.prefix = prefix;
            this.function = function;
            this.nodes = nodes;
            this.values = values;
            this.depth = depth;
            this.arguments = Set.copyOf(arguments);
        }

        boolean isArgument(TfNode.Ref r) {
            return r.index() == 0 && arguments.contains(r.node());
        }

        String describe() {
            return function == null ? "graph " + model.file() : "function `" + function + "` of graph "
                    + model.file();
        }
    }
}
