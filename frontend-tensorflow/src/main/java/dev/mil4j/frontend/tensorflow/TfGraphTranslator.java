package dev.mil4j.frontend.tensorflow;

import dev.mil4j.converter.spi.FrontendContext;
import dev.mil4j.converter.spi.FunctionOutputs;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.types.ValueType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.GraphDef;

/**
 * Translates the part of a TensorFlow graph that the outputs need into a MIL program: finds the outputs
 * ({@link TfGraphOutputs}), freezes a SavedModel's variables, checks the needed nodes ({@link TfGraphChecker}: every
 * problem in one error), makes the placeholders function inputs ({@link TfGraphInputs}) and translates node by node
 * in topological order, function bodies through {@link TfFunctionCaller}. Each output gets its own op
 * ({@link FunctionOutputs}) and, for a SavedModel, its signature key as name.
 */
final class TfGraphTranslator {
    private final TfModel model;
    private final FrontendContext<TfTranslation> context;
    private final Map<String, TfNode> nodes = new LinkedHashMap<>();
    private final TfScope graphScope;
    private final TfGraphChecker checker;
    private final TfFunctionCaller caller;
    private final Map<String, Var> placeholders = new HashMap<>();
    private final Set<Var> named = Collections.newSetFromMap(new IdentityHashMap<>());
    private Function function;

    TfGraphTranslator(TfModel model, FrontendContext<TfTranslation> context) {
        this.model = model;
        this.context = context;
        this.graphScope = TfScope.graph(model.file(), nodes);
        TfLibrary library = new TfLibrary(model.graph(), model.file());
        this.checker = new TfGraphChecker(model.file(), context.translations(), library);
        this.caller = new TfFunctionCaller(library, checker, this);
    }

    Program translate() {
        List<Diagnostic> problems = new ArrayList<>();
        readNodes(model.graph(), problems);
        TfGraphChecker.throwIf(problems);
        Map<String, TfNode.Ref> outputs = TfGraphOutputs.of(model, nodes, context.options());
        List<TfNode> needed = checker.needed(graphScope, outputs.values(), problems);
        TfGraphChecker.throwIf(problems);
        needed = freezeVariables(needed, outputs.values(), problems);
        checker.checkOps(graphScope, needed, problems);
        TfGraphInputs graphInputs = new TfGraphInputs(model, context.options());
        Map<String, ValueType> inputs = graphInputs.types(needed, problems);
        List<TfNode> order = checker.topologicalOrder(graphScope, needed, problems);
        TfGraphChecker.throwIf(problems);

        Program program = new Program();
        program.setAttribute("source", "tensorflow");
        model.signature().ifPresent(s -> program.setAttribute("tensorflow_signature", s.key()));
        function = program.addFunction("main", context.opset(), inputs);
        int i = 0;
        for (String name : inputs.keySet()) {
            Var v = function.inputs().get(i++);
            placeholders.put(graphInputs.nodeOf(name), v);
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
            builder.at(Location.of("tensorflow", e.getKey()));
            Var v = FunctionOutputs.distinct(builder, value(graphScope, e.getValue()), outs);
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
     * returned as they are and the checker reports any variable.
     */
    private List<TfNode> freezeVariables(List<TfNode> needed, Collection<TfNode.Ref> outputs,
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
        List<TfNode> result = checker.needed(graphScope, outputs, problems);
        TfGraphChecker.throwIf(problems);
        return result;
    }

    /** Translates one node of a scope with {@code builder}, records its outputs and names them after the node. */
    void translateNode(TfScope scope, TfNode n, Builder builder) {
        Location where = scope.location(n);
        builder.at(where);
        TfTranslation t = context.translations().lookup(n.op()).orElseThrow();
        List<Var> outs;
        try {
            outs = t.translate(n, new TfTranslationContext(builder, n, r -> value(scope, r),
                    Optional.ofNullable(scope.function == null ? placeholders.get(n.name()) : null),
                    (attr, inner, args) -> caller.call(scope, n, attr, inner, args)));
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

    /** The var of a node output (or argument) of a scope; an error when the node's translation did not give it. */
    Var value(TfScope scope, TfNode.Ref ref) {
        Var v = scope.values.get(ref);
        if (v == null) {
            TfNode n = scope.nodes.get(ref.node());
            throw new ConversionException(Diagnostic.error("output " + ref.index() + " of TensorFlow node "
                    + (n == null ? "`" + ref.node() + "`" : n.describe()) + " is used, but its translation does not "
                    + "produce it").at(n == null ? Location.UNKNOWN : scope.location(n)));
        }
        return v;
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
}
