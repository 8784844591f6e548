package dev.mil4j.ops.elementwise;

import dev.mil4j.core.op.Opset;

/**
 * {@code rsqrt}: the reciprocal square root {@code 1 / sqrt(x + epsilon)} of each element.
 *
 * <p>Inputs: {@code x}, a tensor in {@code T} = fp16, fp32; {@code epsilon}, an optional const scalar (default
 * {@code 1e-12}; of dtype {@code T} up to iOS16, fp16 or fp32 from iOS17). Output: the shape and dtype of {@code x}.
 */
public final class RsqrtOp extends EpsilonUnaryOp {
    /** The iOS15 definition: {@code epsilon} has the dtype of {@code x}. */
    public static RsqrtOp ios15() {
        return new RsqrtOp(Opset.IOS15);
    }

    /** The iOS17 definition: {@code epsilon} may be fp16 or fp32 whatever the dtype of {@code x}. */
    public static RsqrtOp ios17() {
        return new RsqrtOp(Opset.IOS17);
    }

    private RsqrtOp(Opset since) {
        super("rsqrt", since, 1e-12);
    }

    @Override
    protected double apply(double x, double epsilon) {
        return 1 / Math.sqrt(x + epsilon);
    }

    @Override
    public String summary() {
        return "reciprocal square root 1 / sqrt(x + epsilon) of every element";
    }
}
