package dev.mil4j.ops.activation;

import dev.mil4j.core.op.Opset;

/**
 * {@code thresholded_relu}: {@code x} where {@code x >= alpha}, else 0, elementwise.
 *
 * <p>Inputs: {@code x}, a tensor in {@code T} = fp16, fp32; {@code alpha}, a required const scalar (of dtype {@code T}
 * up to iOS16, fp16 or fp32 from iOS17). Output: a tensor of the shape and dtype of {@code x}.
 */
public final class ThresholdedReluOp extends ParametricActivationOp {
    /** The iOS15 definition: the parameters have the dtype of {@code x}. */
    public static ThresholdedReluOp ios15() {
        return new ThresholdedReluOp(Opset.IOS15);
    }

    /** The iOS17 definition: the parameters may be fp16 or fp32 whatever the dtype of {@code x}. */
    public static ThresholdedReluOp ios17() {
        return new ThresholdedReluOp(Opset.IOS17);
    }

    private ThresholdedReluOp(Opset since) {
        super("thresholded_relu", since, false);
    }

    @Override
    protected double apply(double x, double alpha, double beta) {
        return x < alpha ? 0 : x;
    }

    @Override
    public String summary() {
        return "x where it reaches alpha, zero elsewhere";
    }
}
