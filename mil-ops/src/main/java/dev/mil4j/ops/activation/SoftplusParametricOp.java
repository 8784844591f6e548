package dev.mil4j.ops.activation;

import dev.mil4j.core.op.Opset;

/**
 * {@code softplus_parametric}: {@code alpha[c] * log(1 + e^(beta[c] * x))}, with {@code c} the channel (dim 1) of the
 * element.
 *
 * <p>Inputs: {@code x}, a tensor of rank 3 or more ({@code [B, C, ...]}) in {@code T} = fp16, fp32; {@code alpha} and
 * {@code beta}, required const vectors of length {@code C} (of dtype {@code T} up to iOS16, fp16 or fp32 from iOS17).
 * Output: the shape and dtype of {@code x}.
 */
public final class SoftplusParametricOp extends PerChannelActivationOp {
    /** The iOS15 definition: the parameters have the dtype of {@code x}. */
    public static SoftplusParametricOp ios15() {
        return new SoftplusParametricOp(Opset.IOS15);
    }

    /** The iOS17 definition: the parameters may be fp16 or fp32 whatever the dtype of {@code x}. */
    public static SoftplusParametricOp ios17() {
        return new SoftplusParametricOp(Opset.IOS17);
    }

    private SoftplusParametricOp(Opset since) {
        super("softplus_parametric", since, true, Integer.MAX_VALUE, "rank 3 or more");
    }

    @Override
    protected double apply(double x, double alpha, double beta) {
        double z = beta * x;
        return alpha * (Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0));
    }

    @Override
    public String summary() {
        return "softplus with a scale and an input scale per channel";
    }
}
