package dev.mil4j.backend.neuralnetwork.reader;

import static java.util.Objects.requireNonNull;

import dev.mil4j.backend.neuralnetwork.quant.NnWeightCodec;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.WeightParams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link LayerReader} reads from and writes to: the blobs by name, the builder of the function, and the layer
 * being read. Every blob is fp32, as in a NeuralNetwork model (Core ML computes every layer in floating point):
 * {@link #output} casts the bool and integer results of MIL ops to fp32, {@link #indices} casts back where an op wants
 * integers. Weights of every stored form (fp32, fp16, linear or look-up-table quantized) decode to fp32 constants.
 */
final class ReadContext {
    private final Builder builder;
    private final Map<String, Var> blobs;
    private final String source;
    private NeuralNetworkLayer layer = NeuralNetworkLayer.getDefaultInstance();

    /** @param source the model file, for messages */
    ReadContext(Builder builder, String source) {
        this(builder, new HashMap<>(), source);
    }

    private ReadContext(Builder builder, Map<String, Var> blobs, String source) {
        this.builder = requireNonNull(builder, "builder is null");
        this.blobs = blobs;
        this.source = requireNonNull(source, "source is null");
    }

    /** A context for a nested network (branch, loop body) seeing this one's blobs; its new blobs stay its own. */
    ReadContext nested(Builder inner) {
        return new ReadContext(inner, new HashMap<>(blobs), source);
    }

    String source() {
        return source;
    }

    Builder builder() {
        return builder;
    }

    void setLayer(NeuralNetworkLayer current) {
        this.layer = requireNonNull(current, "current is null");
    }

    NeuralNetworkLayer layer() {
        return layer;
    }

    /** Binds a blob name (a model input) to a var as it is. */
    void define(String name, Var v) {
        blobs.put(name, v);
    }

    /** The var of a blob, or a {@link ReaderException} when no earlier layer or input makes it. */
    Var blob(String name) {
        Var v = blobs.get(name);
        if (v == null) {
            throw new ReaderException("input blob `" + name + "` is made by no earlier layer and is no model input",
                    "the layers must be in topological order");
        }
        return v;
    }

    boolean has(String name) {
        return blobs.containsKey(name);
    }

    /** Input {@code i} of the layer. */
    Var in(int i) {
        if (i >= layer.getInputCount()) {
            throw new ReaderException("has " + layer.getInputCount() + " inputs, needs at least " + (i + 1));
        }
        return blob(layer.getInput(i));
    }

    List<Var> ins() {
        List<Var> out = new ArrayList<>(layer.getInputCount());
        for (int i = 0; i < layer.getInputCount(); i++) {
            out.add(in(i));
        }
        return out;
    }

    int inputCount() {
        return layer.getInputCount();
    }

    /** Input {@code i} as int32, for the ops that take indices, sizes or counts. */
    Var indices(int i) {
        return cast(in(i), DType.INT32);
    }

    Var cast(Var v, DType dtype) {
        if (v.tensorType().dtype() == dtype) {
            return v;
        }
        return builder.op("cast").input("x", v).input("dtype", TensorValue.scalar(dtype.milName())).output();
    }

    /** Starts an op named after the layer's first output (made unique). */
    Builder.OpBuilder op(String type) {
        return builder.op(type).name(opName());
    }

    /** Starts an op of the version {@code opset} has (a layer with an older op's semantics), named as {@link #op}. */
    Builder.OpBuilder op(String type, Opset opset) {
        return builder.op(builder.registry().lookup(type, opset).orElseThrow(() -> new IllegalStateException(
                "no op " + type + " in " + opset))).name(opName());
    }

    private String opName() {
        return layer.getOutputCount() > 0 ? layer.getOutput(0) : layer.getName();
    }

    Var constant(TensorValue value) {
        return builder.constant(value, (layer.getName().isEmpty() ? "const" : layer.getName()) + "_const");
    }

    /** Binds output {@code i} of the layer, cast to fp32 when the op made another dtype. */
    void output(int i, Var v) {
        if (i >= layer.getOutputCount()) {
            throw new ReaderException("has " + layer.getOutputCount() + " outputs, needs at least " + (i + 1));
        }
        DType d = v.tensorType().dtype();
        blobs.put(layer.getOutput(i), d == DType.FP32 ? v : cast(v, DType.FP32));
    }

    void output(Var v) {
        output(0, v);
    }

    /** The values of a weight as an fp32 tensor of the given shape; {@code what} names it in messages. */
    static TensorValue weight(WeightParams w, String what, long... shape) {
        return weightAlong(w, what, 0, shape);
    }

    /** As {@link #weight(WeightParams, String, long...)}, linear channels {@code inner} values apart (0: outer axis). */
    static TensorValue weightAlong(WeightParams w, String what, int inner, long... shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        try {
            return TensorValue.ofFloats(Shape.of(shape), NnWeightCodec.dequantize(w, Math.toIntExact(n), inner));
        } catch (IllegalArgumentException e) {
            throw new ReaderException("weight `" + what + "` (" + n + " values, shape " + Shape.of(shape) + "): "
                    + e.getMessage());
        }
    }

    /** The number of values a weight holds in whatever form, for layers that infer a shape from it. */
    static long count(WeightParams w) {
        if (w.getFloatValueCount() > 0) {
            return w.getFloatValueCount();
        }
        if (!w.getFloat16Value().isEmpty()) {
            return w.getFloat16Value().size() / 2;
        }
        if (w.hasQuantization() && w.getQuantization().getNumberOfBits() > 0) {
            return w.getRawValue().size() * 8L / w.getQuantization().getNumberOfBits();
        }
        return 0;
    }

    static int rank(Var v) {
        return v.tensorType().rank();
    }

    static TensorType type(Var v) {
        return v.tensorType();
    }

    /** The static shape of a var, or a {@link ReaderException} naming what needs it. */
    static long[] staticShape(Var v, String why) {
        Shape s = v.tensorType().shape();
        if (!s.isStatic()) {
            throw new ReaderException(why + " needs a static input shape, got " + s);
        }
        return s.toLongArray();
    }

    static TensorValue ints(long... values) {
        int[] v = new int[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.toIntExact(values[i]);
        }
        return TensorValue.ofInts(Shape.of(v.length), v);
    }

    static TensorValue bools(boolean... values) {
        return TensorValue.ofBools(Shape.of(values.length), values);
    }
}
