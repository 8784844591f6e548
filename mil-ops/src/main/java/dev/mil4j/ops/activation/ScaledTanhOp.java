package dev.mil4j.ops.activation;

import dev.mil4j.core.op.Opset;

/**
 * {@code scaled_tanh}: {@code alpha * tanh(beta * x)}, elementwise.
 *
 * <p>Inputs: {@code x}, a tensor in {@code T} = fp16, fp32; {@code alpha} and {@code beta}, required const scalars (of
 * dtype {@code T} up to iOS16, fp16 or fp32 from iOS17). Output: a tensor of the shape and dtype of {@code x}.
 */
public final class ScaledTanhOp extends ParametricActivationOp {
    /** The iOS15 definition: the parameters have the dtype of {@code x}. */
    public static ScaledTanhOp ios15() {
        return new ScaledTanhOp(Opset.IOS15);
    }

    /** The iOS17 definition: the parameters may be fp16 or fp32 whatever the dtype of {@code x}. */
    public static ScaledTanhOp ios17() {
        return new ScaledTanhOp(Opset.IOS17);
    }

    private ScaledTanhOp(Opset since) {
        super("scaled_tanh", since, true);
    }

    @Override
    protected double apply(double x, double alpha, double beta) {
        return alpha * Math.tanh(beta * x);
    }

    @Override
    public String summary() {
        return "tanh with scaled input and output: alpha * tanh(beta * x)";
    }
}
