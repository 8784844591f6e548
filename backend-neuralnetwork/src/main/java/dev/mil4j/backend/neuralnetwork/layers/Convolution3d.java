package dev.mil4j.backend.neuralnetwork.layers;

import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constValue;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.value;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.Convolution3DLayerParams;

/**
 * A MIL {@code conv} of a rank-5 input {@code [N, C, D, H, W]} as a {@code convolution3d} layer (specification
 * version 5, iOS 14): the weights keep MIL's {@code [C_out, C_in / groups, kD, kH, kW]} layout; pads are custom
 * (front, back, top, bottom, left, right), valid or same.
 */
final class Convolution3d {
    private Convolution3d() {
    }

    static void emit(Operation op, LayerEmitter out, boolean transpose) {
        if (transpose) {
            throw new LayerException("`conv_transpose` of a rank-5 input has no NeuralNetwork form here "
                    + "(3-d convolutions only)", "convert to the ML Program target");
        }
        TensorValue w = constValue(op, "weight");
        long[] ws = w.shape().toLongArray();
        int groups = value(op, "groups").map(v -> (int) v.scalarLong()).orElse(1);
        long[] strides = value(op, "strides").map(TensorValue::toLongArray).orElse(new long[] {1, 1, 1});
        long[] dil = value(op, "dilations").map(TensorValue::toLongArray).orElse(new long[] {1, 1, 1});
        String padType = value(op, "pad_type").map(TensorValue::scalarString).orElse("valid");
        long[] pad = value(op, "pad").map(TensorValue::toLongArray).orElse(new long[6]);
        Convolution3DLayerParams.Builder p = Convolution3DLayerParams.newBuilder()
                .setOutputChannels((int) ws[0]).setInputChannels((int) (ws[1] * groups)).setNGroups(groups)
                .setKernelDepth((int) ws[2]).setKernelHeight((int) ws[3]).setKernelWidth((int) ws[4])
                .setStrideDepth((int) strides[0]).setStrideHeight((int) strides[1]).setStrideWidth((int) strides[2])
                .setDilationDepth((int) dil[0]).setDilationHeight((int) dil[1]).setDilationWidth((int) dil[2])
                .setWeights(out.weights(w));
        switch (padType) {
            case "same" -> p.setPaddingType(Convolution3DLayerParams.PaddingType.SAME);
            case "valid" -> p.setPaddingType(Convolution3DLayerParams.PaddingType.VALID);
            case "custom" -> p.setPaddingType(Convolution3DLayerParams.PaddingType.CUSTOM)
                    .setCustomPaddingFront((int) pad[0]).setCustomPaddingBack((int) pad[1])
                    .setCustomPaddingTop((int) pad[2]).setCustomPaddingBottom((int) pad[3])
                    .setCustomPaddingLeft((int) pad[4]).setCustomPaddingRight((int) pad[5]);
            default -> throw new LayerException("`conv` pad_type `" + padType + "` has no NeuralNetwork form",
                    "use pad_type valid, same or custom, or convert to the ML Program target");
        }
        value(op, "bias").ifPresent(b -> p.setHasBias(true).setBias(Weights.of(b)));
        out.requireSpecVersion(LayerEmitter.IOS14_SPEC_VERSION);
        out.add(op.name(), out.input(op.requireInput("x")), out.name(op.output()), l -> l.setConvolution3D(p));
    }
}
