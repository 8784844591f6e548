package dev.mil4j.backend.neuralnetwork.layers;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.LoadConstantNDLayerParams;
import dev.mil4j.spec.proto.WeightParams;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where translations put their layers: a list of layers of one network (the model's, or a branch's or loop's nested
 * network), the names of the blobs, constants added lazily as {@code loadConstantND} layers the first time a layer
 * needs them as a tensor, and the specification version the layers need. Also the accessors translations use to read
 * an op's inputs as constants, with messages naming the op and input.
 */
public final class LayerEmitter {
    /** Core ML specification version 4 (iOS 13): rank-N layers and exact array mapping, what every model here uses. */
    public static final int BASE_SPEC_VERSION = 4;
    /** Core ML specification version 5 (iOS 14): the layers with field numbers from 1450 up, fractional upsampling. */
    public static final int IOS14_SPEC_VERSION = 5;

    private final List<NeuralNetworkLayer> layers = new ArrayList<>();
    private final Consumer<NeuralNetworkLayer> sink;
    private final Map<Var, String> renamed;
    private final Set<String> constsAdded;
    private final Optional<LayerEmitter> parent;
    private final int[] specVersion;
    private final Problems problems;
    private final boolean withWeights;

    /** A top-level emitter; {@code renamed} gives the blob names of vars that do not use their own name. */
    public LayerEmitter(Map<Var, String> renamed) {
        this(renamed, true);
    }

    /**
     * {@code withWeights} false: a check-only emitter, whose large weights ({@link #weights}) are empty placeholders,
     * since nothing will be written; the layers and problems are those a writing emitter finds.
     */
    public LayerEmitter(Map<Var, String> renamed, boolean withWeights) {
        this(renamed, withWeights, Optional.empty());
    }

    /**
     * A top-level emitter that passes each layer to {@code sink} as it is made instead of keeping it ({@link #layers}
     * stays empty), so that a writer can stream the network; nested networks are still collected, inside their layer.
     */
    public LayerEmitter(Map<Var, String> renamed, boolean withWeights, Consumer<NeuralNetworkLayer> sink) {
        this(renamed, withWeights, Optional.of(requireNonNull(sink, "sink is null")));
    }

    private LayerEmitter(Map<Var, String> renamed, boolean withWeights, Optional<Consumer<NeuralNetworkLayer>> sink) {
        this.renamed = requireNonNull(renamed, "renamed is null");
        this.constsAdded = new HashSet<>();
        this.parent = Optional.empty();
        this.specVersion = new int[] {BASE_SPEC_VERSION};
        this.problems = new Problems();
        this.withWeights = withWeights;
        this.sink = sink.orElse(layers::add);
    }

    private LayerEmitter(LayerEmitter parent) {
        this.sink = layers::add;
        this.renamed = parent.renamed;
        this.constsAdded = new HashSet<>();
        this.parent = Optional.of(parent);
        this.specVersion = parent.specVersion;
        this.problems = parent.problems;
        this.withWeights = parent.withWeights;
    }

    /** The weights of a constant, or an empty placeholder in a check-only emitter. */
    public WeightParams weights(TensorValue value) {
        return withWeights ? Weights.of(value) : WeightParams.getDefaultInstance();
    }

    /** As {@link #weights(TensorValue)}, computing the value (a transpose, say) only when the weights are wanted. */
    public WeightParams weights(Supplier<TensorValue> value) {
        return withWeights ? Weights.of(value.get()) : WeightParams.getDefaultInstance();
    }

    /** What translating found that stops the conversion, shared with nested emitters. */
    public Problems problems() {
        return problems;
    }

    /** An emitter for a nested network (branch, loop body) that sees the constants this one added. */
    public LayerEmitter nested() {
        return new LayerEmitter(this);
    }

    /** The layers emitted so far, unless they went to a sink. */
    public List<NeuralNetworkLayer> layers() {
        return List.copyOf(layers);
    }

    /** The lowest specification version that the layers emitted so far (nested ones included) need. */
    public int specVersion() {
        return specVersion[0];
    }

    public void requireSpecVersion(int version) {
        specVersion[0] = Math.max(specVersion[0], version);
    }

    /** The blob name of a var. */
    public String name(Var v) {
        String n = renamed.get(v);
        return n != null ? n : v.name();
    }

    /** The blob name of a var used as a layer input: a constant gets its {@code loadConstantND} layer first. */
    public String input(Var v) {
        String n = name(v);
        if (v.isConst() && !constAdded(n)) {
            addConst(n, v.value().orElseThrow());
        }
        return n;
    }

    public List<String> inputs(List<Var> vars) {
        List<String> names = new ArrayList<>(vars.size());
        for (Var v : vars) {
            names.add(input(v));
        }
        return names;
    }

    private boolean constAdded(String n) {
        for (Optional<LayerEmitter> e = Optional.of(this); e.isPresent(); e = e.get().parent) {
            if (e.get().constsAdded.contains(n)) {
                return true;
            }
        }
        return false;
    }

    /** A {@code loadConstantND} layer named {@code name} (a scalar becomes a 1-element rank-1 tensor). */
    public void addConst(String name, TensorValue value) {
        LoadConstantNDLayerParams.Builder p = LoadConstantNDLayerParams.newBuilder().setData(weights(value));
        if (value.shape().rank() == 0) {
            p.addShape(1);
        } else {
            for (long d : value.shape().toLongArray()) {
                p.addShape(d);
            }
        }
        add(name, List.of(), List.of(name), l -> l.setLoadConstantND(p));
        constsAdded.add(name);
    }

    /** Appends a layer; {@code params} sets its kind and parameters. */
    public void add(String name, List<String> inputs, List<String> outputs, Consumer<NeuralNetworkLayer.Builder> params) {
        NeuralNetworkLayer.Builder l = NeuralNetworkLayer.newBuilder().setName(name).addAllInput(inputs)
                .addAllOutput(outputs);
        params.accept(l);
        sink.accept(l.build());
    }

    /** Appends a layer with one input and one output. */
    public void add(String name, String input, String output, Consumer<NeuralNetworkLayer.Builder> params) {
        add(name, List.of(input), List.of(output), params);
    }

    /** Appends a ready layer (used by nested networks). */
    public void add(NeuralNetworkLayer layer) {
        sink.accept(requireNonNull(layer, "layer is null"));
    }

    // ---- reading op inputs ----

    /** The const (or defaulted) value of an input, or empty when it is absent or not const. */
    public static Optional<TensorValue> value(Operation op, String input) {
        return op.inferenceContext().value(input);
    }

    /** The value of an input the layer needs as a constant. */
    public static TensorValue constValue(Operation op, String input) {
        return value(op, input).orElseThrow(() -> new LayerException("`" + op.type() + "` input `" + input
                + "` must be const for the NeuralNetwork target",
                "make `" + input + "` a constant (fold it before conversion), or convert to the ML Program target"));
    }

    public static int constInt(Operation op, String input) {
        return Math.toIntExact(constValue(op, input).scalarLong());
    }

    public static float constFloat(Operation op, String input) {
        return (float) constValue(op, input).scalarDouble();
    }

    public static boolean constBool(Operation op, String input) {
        return constValue(op, input).scalarBoolean();
    }

    public static String constString(Operation op, String input) {
        return constValue(op, input).scalarString();
    }

    public static long[] constLongs(Operation op, String input) {
        return constValue(op, input).toLongArray();
    }

    public static boolean[] constBools(Operation op, String input) {
        TensorValue v = constValue(op, input);
        boolean[] r = new boolean[(int) v.elementCount()];
        for (int i = 0; i < r.length; i++) {
            r[i] = v.getBoolean(i);
        }
        return r;
    }

    /** The static size of dim {@code axis} of a tensor var, or a {@link LayerException} when it is symbolic. */
    public static long staticDim(Operation op, Var v, int axis) {
        TensorType t = v.tensorType();
        Dim d = t.shape().dimAt(axis);
        if (d instanceof Dim.Known k) {
            return k.size();
        }
        throw new LayerException("`" + op.type() + "` needs a static size in dim " + axis + " of `" + v.name()
                + "` for the NeuralNetwork target, got " + t.shape());
    }

    public static int rank(Var v) {
        return v.tensorType().rank();
    }

    public static boolean isFloat(Var v) {
        DType d = v.tensorType().dtype();
        return d.isFloat();
    }
}
