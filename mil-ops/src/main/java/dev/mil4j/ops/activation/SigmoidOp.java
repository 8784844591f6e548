package dev.mil4j.ops.activation;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.ops.elementwise.ElementwiseUnaryOp;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code sigmoid}: the logistic sigmoid {@code 1 / (1 + e^-x)}, elementwise.
 *
 * <p>Input {@code x}: a tensor in {@code T} = fp16, fp32. Output: a tensor of the same shape and dtype.
 */
public final class SigmoidOp extends ElementwiseUnaryOp {
    public SigmoidOp() {
        super("sigmoid", DType.FP16, DType.FP32);
    }

    @Override
    protected DoubleUnaryOperator function(InferenceContext ctx) {
        return v -> 1 / (1 + Math.exp(-v));
    }

    @Override
    public String summary() {
        return "logistic sigmoid 1 / (1 + e^-x)";
    }
}
