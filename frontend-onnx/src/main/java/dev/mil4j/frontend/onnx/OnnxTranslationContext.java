package dev.mil4j.frontend.onnx;

import static java.util.Objects.requireNonNull;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.spi.ConversionOptions;
import dev.mil4j.converter.spi.TranslationContext;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.proto.GraphProto;
import dev.mil4j.frontend.onnx.proto.TensorProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * What a {@link OnnxTranslation} works with for one node: the MIL builder (positioned in the current block, the
 * node's location set, folding on), the node's input vars (looked up by value name; initializers become constants
 * on first use), the opset version of the node's domain, and errors that name the node.
 */
public final class OnnxTranslationContext implements TranslationContext {
    private final Builder builder;
    private final OnnxNode node;
    private final int opsetVersion;
    private final Function<String, Var> values;
    private final Function<String, Integer> declaredTypes;
    private final OnnxTensors tensors;
    private final Subgraphs subgraphs;
    private final ConversionOptions options;

    /** Translates a subgraph into a block: binds its formal inputs, returns its outputs. */
    @FunctionalInterface
    interface Subgraphs {
        List<Var> translate(GraphProto graph, Builder inner, List<Var> inputs);
    }

    OnnxTranslationContext(Builder builder, OnnxNode node, int opsetVersion, Function<String, Var> values,
            Function<String, Integer> declaredTypes, OnnxTensors tensors, Subgraphs subgraphs,
            ConversionOptions options) {
        this.builder = requireNonNull(builder, "builder is null");
        this.node = requireNonNull(node, "node is null");
        this.opsetVersion = opsetVersion;
        this.values = requireNonNull(values, "values is null");
        this.declaredTypes = requireNonNull(declaredTypes, "declaredTypes is null");
        this.tensors = requireNonNull(tensors, "tensors is null");
        this.subgraphs = requireNonNull(subgraphs, "subgraphs is null");
        this.options = requireNonNull(options, "options is null");
    }

    /**
     * Translates the node's subgraph attribute {@code attribute} (an {@code If} branch, a {@code Loop} body) into
     * the block that {@code inner} builds (the builder a {@code Builder.BlockBody} gets): the subgraph's formal
     * inputs are bound to {@code inputs} in order, its nodes see the values of the enclosing graphs (ONNX's
     * outer-scope capture; MIL blocks read outer vars directly), and the vars of its outputs are returned in order.
     * The builder of this context stays positioned where it was.
     */
    public List<Var> subgraph(String attribute, Builder inner, List<Var> inputs) {
        requireNonNull(attribute, "attribute is null");
        requireNonNull(inner, "inner is null");
        requireNonNull(inputs, "inputs is null");
        return subgraphs.translate(graph(attribute), inner, inputs);
    }

    /** The node's subgraph attribute {@code attribute}, or an error naming the node when it has none. */
    public GraphProto graph(String attribute) {
        return node.graphAttribute(attribute).orElseThrow(() -> error("has no graph attribute `" + attribute + "`",
                "the model is invalid; check it with onnx.checker"));
    }

    /**
     * The MIL value of an ONNX tensor (such as a {@code Constant}'s attribute), with the checks applied to
     * initializers; int64 and double narrow to int32 and fp32.
     */
    public TensorValue tensorValue(TensorProto tensor, String what) {
        try {
            return tensors.toValue(tensor, what + " of ONNX node " + node.describe());
        } catch (ConversionException e) {
            throw new ConversionException(e.diagnostics().stream().map(d -> d.at(location())).toList());
        }
    }

    /** The options of the conversion (the target, the deployment target, the precision). */
    public ConversionOptions options() {
        return options;
    }

    /**
     * Whether constant weights may stay compressed in the converted model as MIL's constexpr ops (which decompress
     * them when the model loads): an ML Program of iOS16 or later. Elsewhere they are folded into float constants.
     */
    public boolean keepsCompressedWeights() {
        return ConvertOptions.MLPROGRAM.equals(options.target())
                && builder.function().opset().compareTo(Opset.IOS16) >= 0;
    }

    @Override
    public Builder builder() {
        return builder;
    }

    public OnnxNode node() {
        return node;
    }

    /** The version of the node's domain that the model imports. */
    public int opsetVersion() {
        return opsetVersion;
    }

    /** The number of input slots, omitted optional ones included. */
    public int inputCount() {
        return node.inputs().size();
    }

    /** Whether input {@code i} is given (present and not the empty name). */
    public boolean hasInput(int i) {
        return i < node.inputs().size() && !node.inputs().get(i).isEmpty();
    }

    /** Input {@code i}; an error naming the node when it is omitted. */
    public Var input(int i) {
        if (!hasInput(i)) {
            throw error("input " + i + " is required but missing");
        }
        return values.apply(node.inputs().get(i));
    }

    public Optional<Var> optionalInput(int i) {
        return hasInput(i) ? Optional.of(values.apply(node.inputs().get(i))) : Optional.empty();
    }

    /** Data inputs {@code from}, {@code from + 1}, ... to the last, in order. */
    public List<Var> inputs(int from) {
        List<Var> out = new ArrayList<>();
        for (int i = from; i < inputCount(); i++) {
            out.add(input(i));
        }
        return out;
    }

    /**
     * The ONNX element type ({@code TensorProto.DataType} number) the model declares for input {@code i} (a graph
     * input, initializer, {@code value_info} entry or {@code Cast} result of the main graph), when it declares one: it
     * tells the small integer types apart, which compute as int32.
     */
    public OptionalInt declaredType(int i) {
        Integer t = hasInput(i) ? declaredTypes.apply(node.inputs().get(i)) : null;
        return t == null ? OptionalInt.empty() : OptionalInt.of(t);
    }

    /** The constant value of input {@code i}, when it is given and constant (after folding). */
    public Optional<TensorValue> constInput(int i) {
        return optionalInput(i).flatMap(Var::value);
    }

    /** The constant value of a required input {@code i}; an error saying it must be constant otherwise. */
    public TensorValue constInput(int i, String what) {
        Var v = input(i);
        return v.value().orElseThrow(() -> error("input " + i + " (" + what + ") must be a constant (an "
                + "initializer, a Constant, or computable from them), but `" + node.inputs().get(i)
                + "` is computed at run time"));
    }

    @Override
    public String describeNode() {
        return "ONNX node " + node.describe();
    }
}
