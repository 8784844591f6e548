package dev.mil4j.ops.activation;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.value.TensorValue;

/**
 * {@code prelu}: {@code x} where {@code x > 0}, else {@code alpha[c] * x}, with {@code c} the channel (dim 1) of the
 * element.
 *
 * <p>Inputs: {@code x}, a tensor of rank 3, 4 or 5 ({@code [B, C, ...]}) in {@code T} = fp16, fp32; {@code alpha}, a
 * required const vector of length {@code C} (of dtype {@code T} up to iOS16, fp16 or fp32 from iOS17). For rank 3
 * and 5 inputs all values of {@code alpha} must be the same. Output: the shape and dtype of {@code x}.
 */
public final class PreluOp extends PerChannelActivationOp {
    /** The iOS15 definition: the parameters have the dtype of {@code x}. */
    public static PreluOp ios15() {
        return new PreluOp(Opset.IOS15);
    }

    /** The iOS17 definition: the parameters may be fp16 or fp32 whatever the dtype of {@code x}. */
    public static PreluOp ios17() {
        return new PreluOp(Opset.IOS17);
    }

    private PreluOp(Opset since) {
        super("prelu", since, false, 5, "rank 3, 4 or 5");
    }

    @Override
    protected double apply(double x, double alpha, double beta) {
        return x > 0 ? x : alpha * x;
    }

    /** A rank 3 or 5 {@code x} takes one repeated {@code alpha}. */
    @Override
    protected void checkMore(TensorType x, InferenceContext ctx) {
        TensorValue alpha = ctx.constValue("alpha");
        if (x.rank() != 4) {
            for (long i = 1; i < alpha.elementCount(); i++) {
                if (Math.abs(alpha.getDouble(i) - alpha.getDouble(0)) > 1e-5) {
                    throw new TypeException("alpha", "must hold one repeated value for a rank " + x.rank()
                            + " `x`, got different values");
                }
            }
        }
    }

    @Override
    public String summary() {
        return "ReLU with a learned slope per channel for negative values";
    }
}
