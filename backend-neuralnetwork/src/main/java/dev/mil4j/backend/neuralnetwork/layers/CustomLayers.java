package dev.mil4j.backend.neuralnetwork.layers;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Binding;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.CustomLayerParams;
import dev.mil4j.spec.proto.CustomLayerParams.CustomLayerParamValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Custom ops (an op definition with a {@link Binding}) as {@code custom} layers: the binding's class name (the op
 * type when blank), its input order, each parameter from the op's const input of that name, its weights from const
 * tensor inputs, its description. The NeuralNetwork form of coremltools' {@code register_op(is_custom_op=True)}.
 */
public final class CustomLayers {
    private CustomLayers() {
    }

    /** The translation of every custom op. */
    public static void translate(Operation op, LayerEmitter out) {
        Binding binding = op.def().binding().orElseThrow(() -> new IllegalArgumentException(
                "op `" + op.name() + "` (" + op.type() + ") is not a custom op"));
        if (binding.inputOrder().isEmpty()) {
            throw new LayerException("custom op `" + op.type() + "` has an empty input order in its binding, so "
                    + "the custom layer would get no inputs", "list the tensor inputs of `" + op.type()
                    + "` in the binding's input order");
        }
        List<String> inputs = new ArrayList<>();
        for (String name : binding.inputOrder()) {
            Var v = op.input(name).orElseThrow(() -> new LayerException("custom op `" + op.type()
                    + "` binding lists input `" + name + "`, which the op does not have or which is not set",
                    "list only inputs that `" + op.type() + "` defines"));
            inputs.add(out.input(v));
        }
        CustomLayerParams.Builder p = CustomLayerParams.newBuilder().setClassName(binding.classNameOr(op.type()))
                .setDescription(binding.description());
        for (String name : binding.parameters()) {
            p.putParameters(name, parameter(op, name));
        }
        for (String name : binding.weights()) {
            TensorValue w = LayerEmitter.value(op, name).orElseThrow(() -> new LayerException("custom op `"
                    + op.type() + "` weight `" + name + "` must be a const input"));
            if (!w.dtype().isNumeric()) {
                throw new LayerException("custom op `" + op.type() + "` weight `" + name + "` must be numeric, got "
                        + w.dtype());
            }
            p.addWeights(out.weights(w));
        }
        List<String> outputs = op.outputs().stream().map(out::name).toList();
        out.add(op.name(), inputs, outputs, l -> l.setCustom(p));
    }

    private static CustomLayerParamValue parameter(Operation op, String name) {
        TensorValue v = LayerEmitter.value(op, name).orElseThrow(() -> new LayerException("custom op `" + op.type()
                + "` parameter `" + name + "` must be a const input of the op",
                "bind `" + name + "` to a constant"));
        if (v.elementCount() != 1) {
            throw new LayerException("custom op `" + op.type() + "` parameter `" + name + "` must be a scalar, got "
                    + v.type(), "pass tensors as binding weights instead of parameters");
        }
        DType d = v.dtype();
        CustomLayerParamValue.Builder b = CustomLayerParamValue.newBuilder();
        if (d.isBool()) {
            return b.setBoolValue(v.scalarBoolean()).build();
        }
        if (d.isInteger()) {
            long l = v.scalarLong();
            return (l == (int) l ? b.setIntValue((int) l) : b.setLongValue(l)).build();
        }
        if (d.isFloat()) {
            return b.setDoubleValue(v.scalarDouble()).build();
        }
        if (d.isString()) {
            return b.setStringValue(v.scalarString()).build();
        }
        throw new LayerException("custom op `" + op.type() + "` parameter `" + name + "` has type " + d
                + ", which a custom layer parameter cannot hold", "use bool, an integer, a float or a string");
    }
}
