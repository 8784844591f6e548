package dev.mil4j.backend.neuralnetwork.reader;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Binding;
import dev.mil4j.core.op.InputParam;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.CustomLayerParams;
import dev.mil4j.spec.proto.CustomLayerParams.CustomLayerParamValue;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code custom} layer as the custom MIL op whose {@link Binding} has the layer's class name (registered by a
 * plugin, which may also give the interpreter a kernel for it): the inverse of the backend's custom layers. Inputs
 * in the binding's input order, each parameter as a const scalar of a dtype the op accepts, the weights listed in the
 * binding as rank-1 fp32 constants, in order.
 */
final class CustomReaders {
    private CustomReaders() {
    }

    /** The registered custom op of the layer's class, if any. */
    static Optional<OpDef> op(NeuralNetworkLayer layer, ReadContext cx) {
        String className = layer.getCustom().getClassName();
        for (OpDef def : cx.builder().registry().customOps()) {
            Optional<Binding> b = def.binding();
            if (b.isPresent() && b.get().classNameOr(def.name()).equals(className)) {
                return Optional.of(def);
            }
        }
        return Optional.empty();
    }

    static void read(NeuralNetworkLayer layer, OpDef def, ReadContext cx) {
        Binding binding = def.binding().orElseThrow();
        CustomLayerParams p = layer.getCustom();
        Builder.OpBuilder op = cx.builder().op(def).name(layer.getOutputCount() > 0 ? layer.getOutput(0)
                : layer.getName());
        List<String> order = binding.inputOrder();
        if (order.size() != layer.getInputCount()) {
            throw new ReaderException("has " + layer.getInputCount() + " inputs; op `" + def.name() + "` binds "
                    + order.size() + " (" + order + ")");
        }
        for (int i = 0; i < order.size(); i++) {
            op.input(order.get(i), cx.in(i));
        }
        for (Map.Entry<String, CustomLayerParamValue> e : p.getParametersMap().entrySet()) {
            Set<DType> accepted = def.inputs().param(e.getKey()).map(InputParam::dtypes).orElse(Set.of());
            op.input(e.getKey(), scalar(e.getValue(), accepted, e.getKey()));
        }
        List<String> weights = binding.weights();
        for (int i = 0; i < Math.min(weights.size(), p.getWeightsCount()); i++) {
            op.input(weights.get(i), ReadContext.weight(p.getWeights(i), weights.get(i),
                    ReadContext.count(p.getWeights(i))));
        }
        List<Var> out = op.outputs();
        for (int i = 0; i < Math.min(out.size(), layer.getOutputCount()); i++) {
            cx.output(i, out.get(i));
        }
    }

    // the value in the first dtype of its kind the op accepts (int32 before int64, fp32 before fp64)
    private static TensorValue scalar(CustomLayerParamValue v, Set<DType> accepted, String name) {
        return switch (v.getValueCase()) {
            case BOOLVALUE -> TensorValue.scalar(v.getBoolValue());
            case STRINGVALUE -> TensorValue.scalar(v.getStringValue());
            case INTVALUE -> accepted.contains(DType.INT32) || !accepted.contains(DType.INT64)
                    ? TensorValue.scalar(v.getIntValue()) : TensorValue.scalar((long) v.getIntValue());
            case LONGVALUE -> accepted.contains(DType.INT64) ? TensorValue.scalar(v.getLongValue())
                    : TensorValue.scalar(Math.toIntExact(v.getLongValue()));
            case DOUBLEVALUE -> accepted.contains(DType.FP64) && !accepted.contains(DType.FP32)
                    ? TensorValue.ofDoubles(Shape.scalar(), v.getDoubleValue())
                    : TensorValue.scalar((float) v.getDoubleValue());
            case VALUE_NOT_SET -> throw new ReaderException("parameter `" + name + "` has no value");
        };
    }
}
