package dev.mil4j.ops.elementwise;

import dev.mil4j.core.op.Opset;

/**
 * {@code inverse}: the reciprocal {@code 1 / (x + epsilon)} of each element.
 *
 * <p>Inputs: {@code x}, a tensor in {@code T} = fp16, fp32; {@code epsilon}, an optional const scalar (default
 * {@code 1e-4}; of dtype {@code T} up to iOS16, fp16 or fp32 from iOS17). Output: the shape and dtype of {@code x}.
 */
public final class InverseOp extends EpsilonUnaryOp {
    /** The iOS15 definition: {@code epsilon} has the dtype of {@code x}. */
    public static InverseOp ios15() {
        return new InverseOp(Opset.IOS15);
    }

    /** The iOS17 definition: {@code epsilon} may be fp16 or fp32 whatever the dtype of {@code x}. */
    public static InverseOp ios17() {
        return new InverseOp(Opset.IOS17);
    }

    private InverseOp(Opset since) {
        super("inverse", since, 1e-4);
    }

    @Override
    protected double apply(double x, double epsilon) {
        return 1 / (x + epsilon);
    }

    @Override
    public String summary() {
        return "reciprocal 1 / (x + epsilon) of every element";
    }
}
