package dev.mil4j.ops.activation;

import dev.mil4j.core.op.Opset;

/**
 * {@code clamped_relu}: {@code min(beta, x)} where {@code x >= 0}, else {@code min(beta, alpha * x)}, elementwise.
 *
 * <p>Inputs: {@code x}, a tensor in {@code T} = fp16, fp32; {@code alpha} and {@code beta}, required const scalars (of
 * dtype {@code T} up to iOS16, fp16 or fp32 from iOS17). Output: a tensor of the shape and dtype of {@code x}.
 */
public final class ClampedReluOp extends ParametricActivationOp {
    /** The iOS15 definition: the parameters have the dtype of {@code x}. */
    public static ClampedReluOp ios15() {
        return new ClampedReluOp(Opset.IOS15);
    }

    /** The iOS17 definition: the parameters may be fp16 or fp32 whatever the dtype of {@code x}. */
    public static ClampedReluOp ios17() {
        return new ClampedReluOp(Opset.IOS17);
    }

    private ClampedReluOp(Opset since) {
        super("clamped_relu", since, true);
    }

    @Override
    protected double apply(double x, double alpha, double beta) {
        return Math.min(x >= 0 ? x : alpha * x, beta);
    }

    @Override
    public String summary() {
        return "leaky ReLU (slope alpha below zero) capped at beta";
    }
}
