package dev.mil4j.ops.activation;

import dev.mil4j.core.op.Opset;

/**
 * {@code thresholded_relu}: {@code x} where {@code x >= alpha}, else 0, elementwise.
 *
 * <p>Inputs: {@code x}, a tensor in {@code T} = fp16, fp32; {@code alpha}, a required const scalar (of dtype {@code T}
 * up to iOS16, fp16 or fp32 from iOS17). Output: a tensor of the shape and dtype of {@code x}.
 */
public final class ThresholdedReluOp extends ParametricActivationOp {
    /** The version for {@code since}: {@link Opset#IOS15} or {@link Opset#IOS17}. */
    public ThresholdedReluOp(Opset since) {
        super("thresholded_relu", since, false);
    }

    @Override
    protected double apply(double x, double alpha, double beta) {
        return x < alpha ? 0 : x;
    }
}
