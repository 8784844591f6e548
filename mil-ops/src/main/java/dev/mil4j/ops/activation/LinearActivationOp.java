package dev.mil4j.ops.activation;

import dev.mil4j.core.op.Opset;

/**
 * {@code linear_activation}: {@code alpha * x + beta}, elementwise.
 *
 * <p>Inputs: {@code x}, a tensor in {@code T} = fp16, fp32; {@code alpha} and {@code beta}, required const scalars (of
 * dtype {@code T} up to iOS16, fp16 or fp32 from iOS17). Output: a tensor of the shape and dtype of {@code x}.
 */
public final class LinearActivationOp extends ParametricActivationOp {
    /** The iOS15 definition: the parameters have the dtype of {@code x}. */
    public static LinearActivationOp ios15() {
        return new LinearActivationOp(Opset.IOS15);
    }

    /** The iOS17 definition: the parameters may be fp16 or fp32 whatever the dtype of {@code x}. */
    public static LinearActivationOp ios17() {
        return new LinearActivationOp(Opset.IOS17);
    }

    private LinearActivationOp(Opset since) {
        super("linear_activation", since, true);
    }

    @Override
    protected double apply(double x, double alpha, double beta) {
        return alpha * x + beta;
    }

    @Override
    public String summary() {
        return "affine map alpha * x + beta of every element";
    }
}
