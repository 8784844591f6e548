package dev.mil4j.ops.activation;

import dev.mil4j.core.op.Opset;

/**
 * {@code scaled_tanh}: {@code alpha * tanh(beta * x)}, elementwise.
 *
 * <p>Inputs: {@code x}, a tensor in {@code T} = fp16, fp32; {@code alpha} and {@code beta}, required const scalars (of
 * dtype {@code T} up to iOS16, fp16 or fp32 from iOS17). Output: a tensor of the shape and dtype of {@code x}.
 */
public final class ScaledTanhOp extends ParametricActivationOp {
    /** The version for {@code since}: {@link Opset#IOS15} or {@link Opset#IOS17}. */
    public ScaledTanhOp(Opset since) {
        super("scaled_tanh", since, true);
    }

    @Override
    protected double apply(double x, double alpha, double beta) {
        return alpha * Math.tanh(beta * x);
    }
}
