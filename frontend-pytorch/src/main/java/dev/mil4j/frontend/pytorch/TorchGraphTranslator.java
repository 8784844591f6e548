package dev.mil4j.frontend.pytorch;

import static java.util.Objects.requireNonNull;

import dev.mil4j.converter.spi.ConversionOptions;
import dev.mil4j.converter.spi.FrontendContext;
import dev.mil4j.converter.spi.FunctionOutputs;
import dev.mil4j.converter.spi.InputType;
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
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.archive.PickleException;
import dev.mil4j.frontend.pytorch.archive.TorchTensor;
import dev.mil4j.frontend.pytorch.graph.TorchBlock;
import dev.mil4j.frontend.pytorch.graph.TorchGraph;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.frontend.pytorch.graph.TorchValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates a {@link TorchGraph} to a MIL program: function {@code main} at the context's opset, inputs from the
 * user's input types (positional: the i-th describes the i-th argument of {@code forward}), every node through its
 * registered {@link TorchTranslation}, tensors read by the graph as named constants (int64 as int32, float64 as
 * fp32), and the returned values (tuples flattened) as outputs. Every unsupported op is reported in one error before
 * anything is translated ({@link TorchGraphChecker}). A {@code prim::If} whose condition is known for the input
 * shapes (a shape query such as {@code aten::dim(x) != 4}) is folded to its taken branch; reaching a
 * {@code prim::RaiseException} that way is an error with the code's message.
 */
public final class TorchGraphTranslator {
    private final TorchGraph graph;
    private final FrontendContext<TorchTranslation> context;
    private final Map<String, Var> values = new HashMap<>();
    private Map<TorchNode, TorchTranslation> translations;
    /** Appends to the block being filled: the function body, or a nested block of a control-flow op. */
    private Builder builder;
    /** Appends to the function body, where the graph's tensors become constants whatever block reads them first. */
    private Builder top;

    private TorchGraphTranslator(TorchGraph graph, FrontendContext<TorchTranslation> context) {
        this.graph = graph;
        this.context = context;
    }

    /**
     * Translates a graph.
     *
     * @throws ConversionException listing every unsupported op, or the first translation problem
     */
    public static Program translate(TorchGraph graph, FrontendContext<TorchTranslation> context) {
        requireNonNull(graph, "graph is null");
        requireNonNull(context, "context is null");
        return new TorchGraphTranslator(graph, context).run();
    }

    private Program run() {
        translations = TorchGraphChecker.check(graph, context.translations());
        TorchStates states = TorchStates.of(graph, context);
        Map<String, ValueType> inputs = inputTypes();
        inputs.putAll(states.inputTypes());
        Program program = new Program();
        Function main = program.addFunction("main", context.opset(), inputs);
        builder = Builder.atEnd(main.body(), context.ops());
        top = Builder.atEnd(main.body(), context.ops());
        for (int i = 0; i < graph.inputs().size(); i++) {
            values.put(graph.inputs().get(i).name(), main.inputs().get(i));
        }
        states.read(top, main, values);
        int count = 0;
        for (TorchNode node : graph.nodes()) {
            translateNode(node);
            context.progress().stageProgress("translate", ++count, graph.nodes().size());
        }
        builder.at(Location.of("torch", "return"));
        states.writeBack(builder, main, values);
        List<Var> outputs = new ArrayList<>();
        TorchTranslationContext returns = new TorchTranslationContext(new TorchNode("prim::Return", graph.outputs(),
                Map.of(), List.of(), Location.of("torch", "return")), builder, this::resolve, this::translateBlock);
        for (TorchValue v : graph.outputs()) {
            outputs.add(returns.var(v));
        }
        nameOutputs(outputs);
        main.setOutputs(outputs);
        List<Diagnostic> problems = Verifier.verify(program);
        if (problems.stream().anyMatch(Diagnostic::isError)) {
            throw new ConversionException(problems);
        }
        return program;
    }

    private Map<String, ValueType> inputTypes() {
        List<InputType> given = context.options().inputs();
        List<TorchGraph.Input> params = graph.inputs();
        List<Diagnostic> problems = new ArrayList<>();
        if (given.size() > params.size()) {
            problems.add(Diagnostic.error(given.size() + " input types were given, but forward takes "
                    + params.size() + " (" + String.join(", ", params.stream().map(TorchGraph.Input::name).toList())
                    + ")").withHint("give one input type per forward argument, in order"));
        }
        Map<String, ValueType> types = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            TorchGraph.Input p = params.get(i);
            if (!p.type().equals("Tensor") && !p.type().equals("Optional[Tensor]")) {
                problems.add(Diagnostic.error("forward argument `" + p.name() + "` is a " + p.type()
                        + "; only Tensor arguments can be model inputs").withHint("an argument with a default "
                        + "takes it when no input is given for it or any later argument; otherwise wrap the model in "
                        + "a module whose forward takes tensors and builds the " + p.type() + " from them"));
                continue;
            }
            if (i >= given.size() || given.get(i).shape().isEmpty()) {
                problems.add(Diagnostic.error("forward argument " + (i + 1) + " (`" + p.name() + "`) has no input "
                        + "shape: TorchScript archives do not record the shapes of their inputs")
                        .withHint("give an input type with a shape for every forward argument, in order, e.g. "
                                + "--input " + p.name() + ":1x3x224x224 on the command line, or InputType.of(\""
                                + p.name() + "\", Shape.parse(\"1x3x224x224\")) in Java"));
                continue;
            }
            InputType t = given.get(i);
            DType dtype = t.dtype().orElse(DType.FP32);
            types.put(t.name(), new TensorType(dtype, t.shape().get()));
        }
        if (!problems.isEmpty()) {
            throw new ConversionException(problems);
        }
        return types;
    }

    private void translateNode(TorchNode node) {
        if (node.kind().equals(TorchGraphChecker.RAISE)) {
            String message = node.inputs().isEmpty() ? "" : ": " + ((TorchValue.Literal) node.inputs().get(0)).value();
            throw new ConversionException(Diagnostic.error("the model's code raises an exception for these input "
                    + "shapes" + message).at(node.location()).withHint("the code checks its inputs here; give "
                    + "input shapes the model accepts"));
        }
        if (node.kind().equals("prim::If") && node.blocks().size() == 2) {
            Optional<Boolean> known = knownCondition(node);
            if (known.isPresent()) {
                foldIf(node, known.get());
                return;
            }
        }
        TorchTranslation translation = translations.get(node);
        builder.at(node.location());
        TorchTranslationContext ctx = new TorchTranslationContext(node, builder, this::resolve, this::translateBlock);
        List<Var> outs;
        try {
            outs = translation.translate(node, ctx);
        } catch (ConversionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConversionException(Diagnostic.error("the translation of `" + node.kind() + "` failed: "
                    + e.getMessage()).at(node.location()));
        }
        if (outs.size() != node.outputs().size()) {
            throw ctx.error("the translation of `" + node.kind() + "` gave " + outs.size() + " outputs, but the "
                    + "code uses " + node.outputs().size());
        }
        for (int i = 0; i < outs.size(); i++) {
            values.put(node.outputs().get(i), outs.get(i));
        }
    }

    /** The condition of a {@code prim::If} when it is known for the input shapes (a folded shape query). */
    private Optional<Boolean> knownCondition(TorchNode node) {
        TorchValue cond = node.inputs().get(0);
        if (cond instanceof TorchValue.Literal l && (l.value() instanceof Boolean || l.value() instanceof Number)) {
            return Optional.of(!(l.value().equals(Boolean.FALSE) || l.value() instanceof Number n
                    && n.doubleValue() == 0));
        }
        if (cond instanceof TorchValue.Ref r) {
            Optional<TensorValue> v = resolve(r).value();
            if (v.isPresent() && v.get().elementCount() == 1 && v.get().dtype() != DType.STRING) {
                return Optional.of(v.get().scalarDouble() != 0);
            }
        }
        return Optional.empty();
    }

    /** A {@code prim::If} with a known condition: the taken branch's nodes, in the current block. */
    private void foldIf(TorchNode node, boolean taken) {
        TorchBlock block = node.blocks().get(taken ? 0 : 1);
        for (TorchNode n : block.nodes()) {
            translateNode(n);
        }
        TorchTranslationContext returns = new TorchTranslationContext(new TorchNode("prim::BlockReturn",
                block.outputs(), Map.of(), List.of(), node.location()), builder, this::resolve,
                this::translateBlock);
        for (int i = 0; i < node.outputs().size(); i++) {
            values.put(node.outputs().get(i), returns.var(block.outputs().get(i)));
        }
    }

    /**
     * Translates a nested block into {@code inner} (the builder of the MIL block being built), its input names bound
     * to {@code inputs}; returns its outputs, each made inside the block (an outer value is passed through an
     * {@code identity}).
     */
    private List<Var> translateBlock(TorchBlock block, Builder inner, List<Var> inputs) {
        if (inputs.size() != block.inputs().size()) {
            throw new IllegalStateException("a block of " + block.inputs().size() + " inputs got " + inputs.size());
        }
        Builder outer = builder;
        builder = inner;
        try {
            for (int i = 0; i < inputs.size(); i++) {
                values.put(block.inputs().get(i), inputs.get(i));
            }
            for (TorchNode node : block.nodes()) {
                translateNode(node);
            }
            TorchTranslationContext returns = new TorchTranslationContext(new TorchNode("prim::BlockReturn",
                    block.outputs(), Map.of(), List.of(), inner.location()), inner, this::resolve,
                    this::translateBlock);
            List<Var> out = new ArrayList<>();
            for (TorchValue v : block.outputs()) {
                Var x = returns.var(v);
                boolean local = x.producer().flatMap(Operation::parent).filter(b -> b == inner.block()).isPresent();
                out.add(local ? x : inner.op("identity").input("x", x).output());
            }
            return out;
        } finally {
            builder = outer;
        }
    }

    private Var resolve(TorchValue.Ref ref) {
        Var v = values.get(ref.name());
        if (v != null) {
            return v;
        }
        TorchTensor t = graph.tensors().get(ref.name());
        if (t == null) {
            throw new IllegalStateException("value %" + ref.name() + " is used before it is defined");
        }
        TensorValue value;
        try {
            value = t.toValue();
        } catch (PickleException e) {
            throw new ConversionException(Diagnostic.error(ref.name() + ": " + e.getMessage()));
        }
        if (value.dtype() == DType.INT64) {
            value = value.cast(DType.INT32);
        } else if (value.dtype() == DType.FP64) {
            value = value.cast(DType.FP32);
        }
        Var c = top.at(builder.location()).constant(value, ref.name().replace('.', '_'));
        values.put(ref.name(), c);
        return c;
    }

    private void nameOutputs(List<Var> outputs) {
        ConversionOptions options = context.options();
        if (!options.outputs().isEmpty() && options.outputs().size() != outputs.size()) {
            throw new ConversionException(Diagnostic.error(options.outputs().size() + " output names were given, "
                    + "but the model returns " + outputs.size() + " values"));
        }
        for (int i = 0; i < outputs.size(); i++) {
            Var v = FunctionOutputs.distinct(builder, outputs.get(i), outputs.subList(0, i));
            outputs.set(i, v);
            String wanted = options.outputs().isEmpty() ? null : options.outputs().get(i);
            if (wanted != null && !wanted.equals(v.name())) {
                if (!builder.function().claimName(wanted).equals(wanted)) {
                    throw new ConversionException(Diagnostic.error("output name `" + wanted + "` is already the "
                            + "name of another value of the program").withHint("choose another output name"));
                }
                v.rename(wanted);
            }
        }
    }
}
