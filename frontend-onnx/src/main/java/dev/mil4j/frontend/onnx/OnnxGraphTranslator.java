package dev.mil4j.frontend.onnx;

import dev.mil4j.converter.spi.FrontendContext;
import dev.mil4j.converter.spi.FunctionOutputs;
import dev.mil4j.converter.spi.SourceNames;
import dev.mil4j.converter.spi.TranslationRegistry;
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
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.TensorOps;
import dev.mil4j.frontend.onnx.proto.AttributeProto;
import dev.mil4j.frontend.onnx.proto.FunctionProto;
import dev.mil4j.frontend.onnx.proto.GraphProto;
import dev.mil4j.frontend.onnx.proto.ModelProto;
import dev.mil4j.frontend.onnx.proto.NodeProto;
import dev.mil4j.frontend.onnx.proto.OperatorSetIdProto;
import dev.mil4j.frontend.onnx.proto.TensorProto;
import dev.mil4j.frontend.onnx.proto.ValueInfoProto;
import java.nio.file.Path;
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
import java.util.stream.Collectors;

/**
 * Translates the graph of one ONNX model to a MIL program: checks the opset imports, sorts the nodes
 * ({@link OnnxTopologicalOrder}), finds every unsupported op
 * and every value that is never produced before translating anything (all reported in one error, subgraphs and
 * local function bodies included: {@link OnnxGraphChecker}), makes the graph inputs function inputs
 * ({@link OnnxGraphInputs}: inputs that are also initializers stay constants unless the user names them; a scalar
 * input has shape [1] and is reshaped to a scalar inside), turns
 * initializers into constants on first use, translates node by node (subgraphs into nested blocks when a control-flow translation asks, calls of model-local
 * functions inlined), and verifies the program. Values are looked up through {@link OnnxScope}s.
 */
final class OnnxGraphTranslator {
    private final Path model;
    private final String file;
    private final ModelProto proto;
    private final FrontendContext<OnnxTranslation> context;
    private final TranslationRegistry<OnnxTranslation> translations;
    private final OnnxTensors tensors;

    private final Map<String, Integer> opsets = new HashMap<>();
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    /** The ONNX element types the model declares for its values (inputs, value_info, outputs, Cast results). */
    private final Map<String, Integer> declaredTypes = new HashMap<>();
    private final OnnxFunctions functions;
    private OnnxScope main;
    /** Outputs a translation did not produce, by value name: the node that should have. */
    private final Map<String, OnnxNode> notProduced = new HashMap<>();
    /** Vars that already carry their ONNX name (inputs, initializers, earlier node outputs). */
    private final Set<Var> named = Collections.newSetFromMap(new IdentityHashMap<>());
    private Function function;
    private Builder constants;

    OnnxGraphTranslator(Path model, OnnxModelFile modelFile, FrontendContext<OnnxTranslation> context) {
        this.model = model;
        this.file = model.getFileName().toString();
        this.proto = modelFile.proto();
        this.context = context;
        this.translations = context.translations();
        this.tensors = new OnnxTensors(model, modelFile::rawData);
        this.functions = new OnnxFunctions(proto, file);
    }

    Program translate() {
        readOpsets();
        GraphProto graph = OnnxTopologicalOrder.sort(proto.getGraph(), file);
        for (TensorProto t : graph.getInitializerList()) {
            initializers.put(t.getName(), t);
            declaredTypes.put(t.getName(), t.getDataType());
        }
        readDeclaredTypes(graph);
        Map<String, ValueType> inputs = OnnxGraphInputs.types(graph, initializers.keySet(), context.options(), file);
        Set<String> available = new HashSet<>(inputs.keySet());
        available.addAll(initializers.keySet());
        new OnnxGraphChecker(file, translations, functions).check(graph, available, opsets);
        main = OnnxScope.main(opsets);

        Program program = new Program();
        program.setAttribute("source", "onnx");
        if (!proto.getProducerName().isEmpty()) {
            program.setAttribute("onnx_producer", (proto.getProducerName() + " " + proto.getProducerVersion()).trim());
        }
        Map<String, ValueType> sanitized = new LinkedHashMap<>();
        for (Map.Entry<String, ValueType> e : inputs.entrySet()) {
            sanitized.put(OnnxTypes.sanitize(e.getKey(), "input"), OnnxGraphInputs.interfaceType(e.getValue()));
        }
        if (sanitized.size() != inputs.size()) {
            throw new ConversionException(Diagnostic.error("ONNX model " + file + " has graph inputs whose names "
                    + "collide once made MIL names: " + String.join(", ", inputs.keySet())));
        }
        function = program.addFunction("main", context.opset(), sanitized);
        constants = Builder.atEnd(function.body(), context.ops());
        int i = 0;
        for (Map.Entry<String, ValueType> e : inputs.entrySet()) {
            Var v = function.inputs().get(i++);
            if (!e.getValue().equals(v.type())) { // a scalar input, shape [1] at the interface
                constants.at(new Location("onnx", "graph input " + e.getKey(), "", file, 0));
                v = TensorOps.reshape(constants, v);
                rename(v, OnnxTypes.sanitize(e.getKey() + "_scalar", "input"));
            }
            main.put(e.getKey(), v);
            named.add(v);
        }
        Builder builder = Builder.atEnd(function.body(), context.ops());
        int count = 0;
        for (NodeProto n : graph.getNodeList()) {
            translateNode(new OnnxNode(n), builder, main);
            context.progress().stageProgress("translate", ++count, graph.getNodeCount());
        }
        List<String> outputNames = outputNames(graph);
        function.setOutputs(outputs(graph, outputNames));
        SourceNames.record(program, List.copyOf(inputs.keySet()), outputNames);
        List<Diagnostic> problems = Verifier.verify(program);
        if (problems.stream().anyMatch(Diagnostic::isError)) {
            throw new ConversionException(problems);
        }
        return program;
    }

    private void readOpsets() {
        for (OperatorSetIdProto o : proto.getOpsetImportList()) {
            String domain = OnnxTranslations.isDefaultDomain(o.getDomain()) ? "" : o.getDomain();
            if (o.getVersion() < 1 || o.getVersion() > Integer.MAX_VALUE) {
                throw new ConversionException(Diagnostic.error("ONNX model " + file + " imports version "
                        + o.getVersion() + " of domain `" + displayDomain(domain) + "`, which is not a valid opset "
                        + "version"));
            }
            opsets.put(domain, (int) o.getVersion());
        }
        Integer onnx = opsets.get("");
        if (onnx == null) {
            throw new ConversionException(Diagnostic.error("ONNX model " + file + " imports no version of the "
                    + "default ONNX domain (opset_import has no entry for ai.onnx)")
                    .withHint("the file is not a complete ONNX model; export it again"));
        }
        if (onnx > OnnxFrontend.MAX_OPSET) {
            throw new ConversionException(Diagnostic.error("ONNX model " + file + " uses opset " + onnx
                    + " of the default domain ai.onnx, newer than the newest supported, " + OnnxFrontend.MAX_OPSET)
                    .withHint("export the model with opset_version=" + OnnxFrontend.MAX_OPSET + " or lower (for "
                            + "example torch.onnx.export(..., opset_version=" + OnnxFrontend.MAX_OPSET
                            + ")), or convert it with onnx.version_converter"));
        }
    }

    private static String displayDomain(String domain) {
        return domain.isEmpty() ? OnnxTranslations.DEFAULT_DOMAIN : domain;
    }

    private void readDeclaredTypes(GraphProto graph) {
        List<ValueInfoProto> infos = new ArrayList<>(graph.getInputList());
        infos.addAll(graph.getValueInfoList());
        infos.addAll(graph.getOutputList());
        for (ValueInfoProto vi : infos) {
            if (vi.getType().hasTensorType() && vi.getType().getTensorType().getElemType() != 0) {
                declaredTypes.putIfAbsent(vi.getName(), vi.getType().getTensorType().getElemType());
            }
        }
        for (NodeProto n : graph.getNodeList()) {
            OnnxNode node = new OnnxNode(n);
            // a hint only: a `to` of the wrong type is reported when the node itself is translated, with its place
            if (node.opType().equals("Cast") && node.outputs().size() == 1
                    && node.hasAttribute("to", AttributeProto.AttributeType.INT)) {
                declaredTypes.putIfAbsent(node.outputs().get(0), (int) node.intAttribute("to").getAsLong());
            }
            // a Constant's tensor says its type (PyTorch's quantized exports give zero points so)
            if (node.opType().equals("Constant") && node.outputs().size() == 1) {
                node.tensorAttribute("value").filter(t -> t.getDataType() != 0)
                        .ifPresent(t -> declaredTypes.putIfAbsent(node.outputs().get(0), t.getDataType()));
            }
        }
    }

    private Location location(OnnxNode node, OnnxScope scope) {
        // nodes of function bodies are often unnamed: the first output names them after the call's prefix
        String n = scope.prefix().isEmpty() || !node.name().isEmpty() || node.outputs().isEmpty()
                ? scope.prefix() + node.name() : scope.prefix() + node.outputs().get(0);
        return new Location("onnx", n.isEmpty() ? node.key() : node.key() + " " + n, "", file, 0);
    }

    private void translateNode(OnnxNode node, Builder builder, OnnxScope scope) {
        Location where = location(node, scope);
        builder.at(where);
        int version = scope.opsetVersion(node.domain());
        Optional<OnnxTranslation> t = translations.lookup(node.key(), version);
        List<Var> outs;
        try {
            if (t.isPresent()) {
                outs = t.get().translate(node, new OnnxTranslationContext(builder, node, version,
                        name -> value(name, scope), declaredTypes::get, tensors,
                        (graph, inner, inputs) -> translateSubgraph(graph, inner, inputs, scope),
                        context.options()));
            } else {
                outs = inline(node, functions.lookup(node.key()).orElseThrow(), builder, scope);
            }
        } catch (ConversionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConversionException(Diagnostic.error("ONNX node " + node.describe() + ": " + e.getMessage())
                    .at(where));
        }
        if (outs.size() > node.outputs().size()) {
            throw new ConversionException(Diagnostic.error("the translation of ONNX node " + node.describe()
                    + " returned " + outs.size() + " values for " + node.outputs().size() + " outputs").at(where)
                    .withHint("fix the translation (it is registered by the plugin listed by `mil4j plugins`)"));
        }
        for (int i = 0; i < node.outputs().size(); i++) {
            String name = node.outputs().get(i);
            if (name.isEmpty()) {
                continue;
            }
            if (i >= outs.size()) {
                notProduced.put(name, node);
                continue;
            }
            Var v = outs.get(i);
            if (!named.contains(v) && v.producer().isPresent()) {
                rename(v, OnnxTypes.sanitize(scope.prefix() + name, "v"));
                named.add(v);
            }
            scope.put(name, v);
        }
    }

    /**
     * Translates a subgraph (a control-flow node's branch or body) into the block {@code inner} builds: its formal
     * inputs are bound to {@code inputs} in order, its initializers become constants at the start of the block, its
     * nodes see the values of the enclosing graphs; returns the vars of its outputs.
     */
    private List<Var> translateSubgraph(GraphProto graph, Builder inner, List<Var> inputs, OnnxScope outer) {
        if (graph.getInputCount() != inputs.size()) {
            throw new ConversionException(Diagnostic.error("subgraph `" + graph.getName() + "` of ONNX model " + file
                    + " has " + graph.getInputCount() + " inputs, but its node passes " + inputs.size())
                    .at(inner.location()).withHint("the model is invalid; check it with onnx.checker"));
        }
        OnnxScope scope = outer.subgraph();
        for (int i = 0; i < inputs.size(); i++) {
            scope.put(graph.getInput(i).getName(), inputs.get(i));
        }
        Location where = inner.location();
        for (TensorProto t : graph.getInitializerList()) {
            String what = "initializer `" + t.getName() + "` of subgraph `" + graph.getName() + "`";
            Var v = inner.constant(tensors.toValue(t, what), OnnxTypes.sanitize(t.getName(), "w"));
            scope.put(t.getName(), v);
            named.add(v);
        }
        for (NodeProto n : graph.getNodeList()) {
            translateNode(new OnnxNode(n), inner, scope);
        }
        inner.at(where);
        List<Var> out = new ArrayList<>();
        for (ValueInfoProto o : graph.getOutputList()) {
            out.add(value(o.getName(), scope));
        }
        return out;
    }

    /**
     * Inlines a call of a model-local function: the body's nodes, instantiated with the call's attributes, are
     * translated in a scope of their own (the formal inputs bound to the call's inputs) with the function's opsets;
     * MIL names get the call's name as prefix. Returns the vars of the function's outputs.
     */
    private List<Var> inline(OnnxNode call, FunctionProto f, Builder builder, OnnxScope caller) {
        String callName = call.name().isEmpty() ? call.outputs().get(0) : call.name();
        OnnxScope scope = OnnxScope.function(OnnxFunctions.opsets(f, caller.opsets()),
                caller.prefix() + callName + "/");
        Set<String> omitted = new HashSet<>();
        Set<Var> bound = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < f.getInputCount(); i++) {
            String actual = i < call.inputs().size() ? call.inputs().get(i) : "";
            if (actual.isEmpty()) {
                omitted.add(f.getInput(i));
            } else {
                Var v = value(actual, caller);
                scope.put(f.getInput(i), v);
                bound.add(v);
            }
        }
        Map<String, AttributeProto> attributes = OnnxFunctions.attributes(f, call.proto());
        for (NodeProto n : f.getNodeList()) {
            translateNode(new OnnxNode(OnnxFunctions.instantiate(n, attributes, omitted)), builder, scope);
        }
        List<Var> out = new ArrayList<>();
        for (String o : f.getOutputList()) {
            Var v = value(o, scope);
            if (!bound.contains(v)) {
                named.remove(v); // the call's output names it
            }
            out.add(v);
        }
        return out;
    }

    /** Gives a var (and its single-output producer) the ONNX name of the value, made unique. */
    private void rename(Var v, String wanted) {
        if (v.name().equals(wanted)) {
            return;
        }
        String name = function.claimName(wanted);
        Operation producer = v.producer().orElseThrow();
        if (producer.outputs().size() == 1 && producer.name().equals(v.name())) {
            producer.rename(name);
        }
        v.rename(name);
    }

    /**
     * The var of a value name in a scope: a function input, an earlier node's output (of this graph or an enclosing
     * one), or an initializer of the main graph made constant now.
     */
    Var value(String name, OnnxScope scope) {
        Optional<Var> v = scope.lookup(name);
        if (v.isPresent()) {
            return v.get();
        }
        TensorProto t = scope.seesInitializers() ? initializers.get(name) : null;
        if (t != null) {
            Location where = new Location("onnx", "initializer " + name, "", file, 0);
            constants.at(where);
            TensorValue value;
            try {
                value = tensors.toValue(t, "initializer `" + name + "`");
            } catch (ConversionException e) {
                throw new ConversionException(e.diagnostics().stream().map(d -> d.at(where)).toList());
            }
            Var c = constants.constant(value, OnnxTypes.sanitize(name, "w"));
            main.put(name, c);
            named.add(c);
            return c;
        }
        OnnxNode producer = notProduced.get(name);
        if (producer != null) {
            throw new ConversionException(Diagnostic.error("output `" + name + "` of ONNX node "
                    + producer.describe() + " is used, but its translation does not produce it")
                    .at(new Location("onnx", producer.key() + " " + producer.name(), "", file, 0)));
        }
        throw new ConversionException(Diagnostic.error("value `" + name + "` is never produced in ONNX model "
                + file));
    }

    private List<String> outputNames(GraphProto graph) {
        return context.options().outputs().isEmpty()
                ? graph.getOutputList().stream().map(ValueInfoProto::getName).toList()
                : context.options().outputs();
    }

    private List<Var> outputs(GraphProto graph, List<String> names) {
        List<Var> out = new ArrayList<>();
        for (String n : names) {
            if (main.lookup(n).isEmpty() && !initializers.containsKey(n) && !notProduced.containsKey(n)) {
                throw new ConversionException(Diagnostic.error("ONNX model " + file + " has no value named `" + n
                        + "` to output").withHint("its graph outputs are " + graph.getOutputList().stream()
                        .map(o -> "`" + o.getName() + "`").collect(Collectors.joining(", "))));
            }
            // an output that is a graph input, or another output again (Identity, Dropout), gets its own op
            Builder b = Builder.atEnd(function.body(), context.ops())
                    .at(new Location("onnx", "graph output " + n, "", file, 0));
            out.add(FunctionOutputs.distinct(b, value(n, main), out, OnnxTypes.sanitize(n, "output")));
        }
        return out;
    }

    Path model() {
        return model;
    }
}
