package dev.mil4j.backend.neuralnetwork.layers;

import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constLongs;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constString;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.value;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.Pooling3DLayerParams;

/**
 * A MIL {@code max_pool} or {@code avg_pool} of a rank-5 input {@code [N, C, D, H, W]} as a {@code pooling3d} layer
 * (specification version 5, iOS 14): pads are custom (front, back, top, bottom, left, right), valid or same (MIL
 * has no {@code ceil_mode} for 3-d pools, nor the layer).
 */
final class Pooling3d {
    private Pooling3d() {
    }

    static void emit(Operation op, LayerEmitter out, Pooling3DLayerParams.PoolingType3D type) {
        Var x = op.requireInput("x");
        long[] k = constLongs(op, "kernel_sizes");
        long[] s = constLongs(op, "strides");
        String padType = constString(op, "pad_type");
        long[] pad = value(op, "pad").map(TensorValue::toLongArray).orElse(new long[6]);
        boolean exclude = !op.def().inputs().param("exclude_padding_from_average").isPresent()
                || value(op, "exclude_padding_from_average").map(TensorValue::scalarBoolean).orElse(true);
        Pooling3DLayerParams.Builder p = Pooling3DLayerParams.newBuilder().setType(type)
                .setKernelDepth((int) k[0]).setKernelHeight((int) k[1]).setKernelWidth((int) k[2])
                .setStrideDepth((int) s[0]).setStrideHeight((int) s[1]).setStrideWidth((int) s[2])
                .setCountExcludePadding(exclude);
        switch (padType) {
            case "same" -> p.setPaddingType(Pooling3DLayerParams.Pooling3DPaddingType.SAME);
            case "valid" -> p.setPaddingType(Pooling3DLayerParams.Pooling3DPaddingType.VALID);
            case "custom" -> p.setPaddingType(Pooling3DLayerParams.Pooling3DPaddingType.CUSTOM)
                    .setCustomPaddingFront((int) pad[0]).setCustomPaddingBack((int) pad[1])
                    .setCustomPaddingTop((int) pad[2]).setCustomPaddingBottom((int) pad[3])
                    .setCustomPaddingLeft((int) pad[4]).setCustomPaddingRight((int) pad[5]);
            default -> throw new LayerException("`" + op.type() + "` pad_type `" + padType + "` has no "
                    + "NeuralNetwork form", "use pad_type valid, same or custom, or convert to the ML Program target");
        }
        out.requireSpecVersion(LayerEmitter.IOS14_SPEC_VERSION);
        out.add(op.name(), out.input(x), out.name(op.output()), l -> l.setPooling3D(p));
    }
}
