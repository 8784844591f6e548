package dev.mil4j.ops.activation;

import dev.mil4j.core.op.Opset;

/**
 * {@code leaky_relu}: {@code x} where {@code x >= 0}, else {@code alpha * x}, elementwise.
 *
 * <p>Inputs: {@code x}, a tensor in {@code T} = fp16, fp32; {@code alpha}, a required const scalar (of dtype {@code T}
 * up to iOS16, fp16 or fp32 from iOS17). Output: a tensor of the shape and dtype of {@code x}.
 */
public final class LeakyReluOp extends ParametricActivationOp {
    /** The iOS15 definition: the parameters have the dtype of {@code x}. */
    public static LeakyReluOp ios15() {
        return new LeakyReluOp(Opset.IOS15);
    }

    /** The iOS17 definition: the parameters may be fp16 or fp32 whatever the dtype of {@code x}. */
    public static LeakyReluOp ios17() {
        return new LeakyReluOp(Opset.IOS17);
    }

    private LeakyReluOp(Opset since) {
        super("leaky_relu", since, false);
    }

    @Override
    protected double apply(double x, double alpha, double beta) {
        return x < 0 ? alpha * x : x;
    }

    @Override
    public String summary() {
        return "ReLU that lets negative values through scaled by alpha";
    }
}
