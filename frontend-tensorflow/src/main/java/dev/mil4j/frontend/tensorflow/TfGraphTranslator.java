package dev.mil4j.frontend.tensorflow;

import dev.mil4j.converter.InputType;
import dev.mil4j.converter.spi.FrontendContext;
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
import org.tensorflow.proto.TensorShapeProto;

/**
 * Translates the part of a TensorFlow graph that the outputs need into a MIL program: finds the outputs (the
 * user's, the signature's, or the graph's sinks), checks the needed nodes (missing inputs, variables, ops without a
 * translation, placeholders without a shape, cycles — every problem in one error), orders them topologically, makes
 * the placeholders function inputs and translates node by node.
 */
final class TfGraphTranslator {
    /** Ops that read variables: a graph with them must be frozen first. */
    private static final Set<String> VARIABLE_OPS = Set.of("VariableV2", "Variable", "VarHandleOp",
            "ReadVariableOp", "ResourceGather", "VarIsInitializedOp");
    /** Ops that produce no value and are never graph outputs. */
    private static final Set<String> NOT_OUTPUTS = Set.of("NoOp", "Const", "Placeholder", "SaveV2", "RestoreV2",
            "Assign", "AssignVariableOp", "MergeV2Checkpoints");

    private final TfModel model;
    private final FrontendContext context;
    private final Map<String, TfNode> nodes = new LinkedHashMap<>();
    private final Map<TfNode.Ref, Var> values = new HashMap<>();
    private final Map<String, Var> placeholders = new HashMap<>();
    private final Set<Var> named = Collections.newSetFromMap(new IdentityHashMap<>());
    private Function function;

    TfGraphTranslator(TfModel model, FrontendContext context) {
        this.model = model;
        this.context = context;
    }

    Program translate() {
        List<Diagnostic> problems = new ArrayList<>();
        for (var def : model.graph().getNodeList()) {
            TfNode n = new TfNode(def);
            if (nodes.putIfAbsent(n.name(), n) != null) {
                problems.add(Diagnostic.error("TensorFlow graph " + model.file() + " has two nodes named `"
                        + n.name() + "`"));
            }
        }
        throwIf(problems);
        Map<String, TfNode.Ref> outputs = outputs();
        List<TfNode> needed = needed(outputs.values(), problems);
        throwIf(problems);
        checkOps(needed, problems);
        Map<String, ValueType> inputs = inputTypes(needed, problems);
        List<TfNode> order = topologicalOrder(needed, problems);
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
            translateNode(n, builder);
            context.progress().stageProgress("translate", ++count, order.size());
        }
        List<Var> outs = new ArrayList<>();
        for (Map.Entry<String, TfNode.Ref> e : outputs.entrySet()) {
            Var v = value(e.getValue());
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
                if (n.op().equals("TopKV2") || n.op().equals("TopK") || n.op().equals("Unpack")
                        || n.op().equals("Split") || n.op().equals("SplitV")) {
                    int count = n.op().startsWith("TopK") ? 2 : (int) n.intAttr(n.op().equals("Unpack") ? "num"
                            : "num_split", 1);
                    for (int i = 1; i < count; i++) {
                        out.put(n.name() + ":" + i, new TfNode.Ref(n.name(), i));
                    }
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

    /** The nodes the outputs depend on (through data inputs), in graph order; missing inputs are problems. */
    private List<TfNode> needed(Iterable<TfNode.Ref> outputs, List<Diagnostic> problems) {
        Set<String> seen = new HashSet<>();
        List<String> stack = new ArrayList<>();
        for (TfNode.Ref r : outputs) {
            if (!nodes.containsKey(r.node())) {
                problems.add(Diagnostic.error("output `" + r + "` of TensorFlow graph " + model.file()
                        + " names no node of the graph"));
            } else if (seen.add(r.node())) {
                stack.add(r.node());
            }
        }
        while (!stack.isEmpty()) {
            TfNode n = nodes.get(stack.remove(stack.size() - 1));
            for (TfNode.Ref in : n.inputs()) {
                if (!nodes.containsKey(in.node())) {
                    problems.add(Diagnostic.error("input `" + in + "` of TensorFlow node " + n.describe()
                            + " names no node of graph " + model.file()).at(location(n))
                            .withHint("the graph is incomplete; export it again"));
                } else if (seen.add(in.node())) {
                    stack.add(in.node());
                }
            }
        }
        return nodes.values().stream().filter(n -> seen.contains(n.name())).toList();
    }

    /** Variables and ops without a translation, each op type listed once with its node count. */
    private void checkOps(List<TfNode> needed, List<Diagnostic> problems) {
        Map<String, List<String>> unsupported = new TreeMap<>();
        List<String> variables = new ArrayList<>();
        for (TfNode n : needed) {
            if (VARIABLE_OPS.contains(n.op())) {
                variables.add(n.describe());
            } else if (context.translations().lookup(n.op(), TfTranslation.class).isEmpty()) {
                unsupported.computeIfAbsent(n.op(), k -> new ArrayList<>()).add(n.name());
            }
        }
        if (!variables.isEmpty()) {
            problems.add(Diagnostic.error("TensorFlow " + (model.signature().isPresent() ? "SavedModel " : "graph ")
                    + model.file() + " reads variables (" + String.join(", ", variables.stream().limit(3).toList())
                    + (variables.size() > 3 ? ", ..." : "") + "); mil4j converts graphs whose weights are constants")
                    .withHint("freeze the graph first (in Python: convert_variables_to_constants_v2 on the concrete "
                            + "function, then tf.io.write_graph(..., as_text=False)) and convert the frozen .pb"));
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

    /** Kahn's algorithm in graph order; a cycle is a problem naming its nodes. */
    private List<TfNode> topologicalOrder(List<TfNode> needed, List<Diagnostic> problems) {
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<TfNode>> users = new HashMap<>();
        for (TfNode n : needed) {
            pending.put(n.name(), n.inputs().size());
            for (TfNode.Ref in : n.inputs()) {
                users.computeIfAbsent(in.node(), k -> new ArrayList<>()).add(n);
            }
        }
        List<TfNode> order = new ArrayList<>();
        java.util.ArrayDeque<TfNode> ready = new java.util.ArrayDeque<>();
        needed.stream().filter(n -> n.inputs().isEmpty()).forEach(ready::add);
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
            problems.add(Diagnostic.error("TensorFlow graph " + model.file() + " has a cycle: "
                    + cycle(needed, pending)).withHint("a GraphDef must be acyclic (TensorFlow 1 while loops, "
                    + "NextIteration/Merge, are not supported: save the model with TensorFlow 2 functional "
                    + "control flow)"));
        }
        return order;
    }

    /** One cycle among the nodes left with pending inputs, as {@code `a` (Op) -> `b` (Op) -> `a` (Op)}. */
    private String cycle(List<TfNode> needed, Map<String, Integer> pending) {
        TfNode start = needed.stream().filter(n -> pending.get(n.name()) > 0).findFirst().orElseThrow();
        List<TfNode> path = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        TfNode n = start;
        while (!index.containsKey(n.name())) {
            index.put(n.name(), path.size());
            path.add(n);
            n = n.inputs().stream().map(r -> nodes.get(r.node())).filter(p -> pending.get(p.name()) > 0)
                    .findFirst().orElseThrow();
        }
        List<TfNode> loop = new ArrayList<>(path.subList(index.get(n.name()), path.size()));
        Collections.reverse(loop);
        loop.add(loop.get(0));
        return loop.stream().map(TfNode::describe).collect(Collectors.joining(" -> "));
    }

    private Location location(TfNode n) {
        return new Location("tensorflow", n.name(), n.op(), model.file(), 0);
    }

    private void translateNode(TfNode n, Builder builder) {
        Location where = location(n);
        builder.at(where);
        TfTranslation t = context.translations().lookup(n.op(), TfTranslation.class).orElseThrow();
        List<Var> outs;
        try {
            outs = t.translate(n, new TfTranslationContext(builder, n, this::value,
                    Optional.ofNullable(placeholders.get(n.name()))));
        } catch (ConversionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConversionException(Diagnostic.error("TensorFlow node " + n.describe() + ": " + e.getMessage())
                    .at(where));
        }
        for (int i = 0; i < outs.size(); i++) {
            Var v = outs.get(i);
            values.put(new TfNode.Ref(n.name(), i), v);
            if (!named.contains(v) && v.producer().isPresent()) {
                rename(v, TfNames.sanitize(i == 0 ? n.name() : n.name() + "_" + i));
                named.add(v);
            }
        }
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

    private Var value(TfNode.Ref ref) {
        Var v = values.get(ref);
        if (v == null) {
            TfNode n = nodes.get(ref.node());
            throw new ConversionException(Diagnostic.error("output " + ref.index() + " of TensorFlow node "
                    + (n == null ? "`" + ref.node() + "`" : n.describe()) + " is used, but its translation does not "
                    + "produce it").at(n == null ? Location.UNKNOWN : location(n)));
        }
        return v;
    }
}
