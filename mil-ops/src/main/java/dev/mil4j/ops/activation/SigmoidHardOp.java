package dev.mil4j.ops.activation;

import dev.mil4j.core.op.Opset;

/**
 * {@code sigmoid_hard}: {@code min(max(alpha * x + beta, 0), 1)}, elementwise.
 *
 * <p>Inputs: {@code x}, a tensor in {@code T} = fp16, fp32; {@code alpha} and {@code beta}, required const scalars (of
 * dtype {@code T} up to iOS16, fp16 or fp32 from iOS17). Output: a tensor of the shape and dtype of {@code x}.
 */
public final class SigmoidHardOp extends ParametricActivationOp {
    /** The iOS15 definition: the parameters have the dtype of {@code x}. */
    public static SigmoidHardOp ios15() {
        return new SigmoidHardOp(Opset.IOS15);
    }

    /** The iOS17 definition: the parameters may be fp16 or fp32 whatever the dtype of {@code x}. */
    public static SigmoidHardOp ios17() {
        return new SigmoidHardOp(Opset.IOS17);
    }

    private SigmoidHardOp(Opset since) {
        super("sigmoid_hard", since, true);
    }

    @Override
    protected double apply(double x, double alpha, double beta) {
        return Math.min(Math.max(alpha * x + beta, 0), 1);
    }

    @Override
    public String summary() {
        return "piecewise-linear sigmoid: alpha * x + beta clamped to [0, 1]";
    }
}
