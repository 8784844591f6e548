package dev.mil4j.backend.neuralnetwork.layers;

import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.WeightParams;

/**
 * Constant tensors as {@link WeightParams}. Always fp32 ({@code floatValue}), as coremltools writes NeuralNetwork
 * weights unless they are quantized: an fp16 constant is widened, integers and bools are converted.
 */
public final class Weights {
    private Weights() {
    }

    public static WeightParams of(TensorValue value) {
        if (value.dtype().isString()) {
            throw new LayerException("a string constant cannot be a NeuralNetwork weight");
        }
        WeightParams.Builder w = WeightParams.newBuilder();
        long n = value.elementCount();
        for (long i = 0; i < n; i++) {
            w.addFloatValue((float) value.getDouble(i));
        }
        return w.build();
    }

    public static WeightParams of(float... values) {
        WeightParams.Builder w = WeightParams.newBuilder();
        for (float v : values) {
            w.addFloatValue(v);
        }
        return w.build();
    }

    /** {@code count} copies of {@code value}. */
    public static WeightParams filled(int count, float value) {
        WeightParams.Builder w = WeightParams.newBuilder();
        for (int i = 0; i < count; i++) {
            w.addFloatValue(value);
        }
        return w.build();
    }
}
