package dev.mil4j.ops.elementwise;

import dev.mil4j.core.op.Opset;

/**
 * {@code log}: the natural logarithm {@code log(x + epsilon)} of each element.
 *
 * <p>Inputs: {@code x}, a tensor in {@code T} = fp16, fp32; {@code epsilon}, an optional const scalar (default
 * {@code 1e-45}; of dtype {@code T} up to iOS16, fp16 or fp32 from iOS17). Output: the shape and dtype of {@code x}.
 */
public final class LogOp extends EpsilonUnaryOp {
    /** The iOS15 definition: {@code epsilon} has the dtype of {@code x}. */
    public static LogOp ios15() {
        return new LogOp(Opset.IOS15);
    }

    /** The iOS17 definition: {@code epsilon} may be fp16 or fp32 whatever the dtype of {@code x}. */
    public static LogOp ios17() {
        return new LogOp(Opset.IOS17);
    }

    private LogOp(Opset since) {
        super("log", since, 1e-45);
    }

    @Override
    protected double apply(double x, double epsilon) {
        return Math.log(x + epsilon);
    }

    @Override
    public String summary() {
        return "natural logarithm of x + epsilon for every element";
    }
}
