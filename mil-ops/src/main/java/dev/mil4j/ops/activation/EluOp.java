package dev.mil4j.ops.activation;

import dev.mil4j.core.op.Opset;

/**
 * {@code elu}: {@code x} where {@code x > 0}, else {@code alpha * (e^x - 1)}, elementwise.
 *
 * <p>Inputs: {@code x}, a tensor in {@code T} = fp16, fp32; {@code alpha}, a required const scalar (of dtype {@code T}
 * up to iOS16, fp16 or fp32 from iOS17). Output: a tensor of the shape and dtype of {@code x}.
 */
public final class EluOp extends ParametricActivationOp {
    /** The iOS15 definition: the parameters have the dtype of {@code x}. */
    public static EluOp ios15() {
        return new EluOp(Opset.IOS15);
    }

    /** The iOS17 definition: the parameters may be fp16 or fp32 whatever the dtype of {@code x}. */
    public static EluOp ios17() {
        return new EluOp(Opset.IOS17);
    }

    private EluOp(Opset since) {
        super("elu", since, false);
    }

    @Override
    protected double apply(double x, double alpha, double beta) {
        return x < 0 ? alpha * Math.expm1(x) : x;
    }

    @Override
    public String summary() {
        return "exponential linear unit: x above zero, alpha * (e^x - 1) below";
    }
}
