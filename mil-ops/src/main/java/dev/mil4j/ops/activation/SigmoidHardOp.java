package dev.mil4j.ops.activation;

import dev.mil4j.core.op.Opset;

/**
 * {@code sigmoid_hard}: {@code min(max(alpha * x + beta, 0), 1)}, elementwise.
 *
 * <p>Inputs: {@code x}, a tensor in {@code T} = fp16, fp32; {@code alpha} and {@code beta}, required const scalars (of
 * dtype {@code T} up to iOS16, fp16 or fp32 from iOS17). Output: a tensor of the shape and dtype of {@code x}.
 */
public final class SigmoidHardOp extends ParametricActivationOp {
    /** The version for {@code since}: {@link Opset#IOS15} or {@link Opset#IOS17}. */
    public SigmoidHardOp(Opset since) {
        super("sigmoid_hard", since, true);
    }

    @Override
    protected double apply(double x, double alpha, double beta) {
        return Math.min(Math.max(alpha * x + beta, 0), 1);
    }
}
