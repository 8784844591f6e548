package dev.mil4j.ops.activation;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.ops.elementwise.ElementwiseUnaryOp;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code softplus}: {@code log(1 + e^x)} (computed stably), elementwise.
 *
 * <p>Input {@code x}: a tensor in {@code T} = fp16, fp32. Output: a tensor of the same shape and dtype.
 */
public final class SoftplusOp extends ElementwiseUnaryOp {
    public SoftplusOp() {
        super("softplus", DType.FP16, DType.FP32);
    }

    @Override
    protected DoubleUnaryOperator function(InferenceContext ctx) {
        return v -> Math.log1p(Math.exp(-Math.abs(v))) + Math.max(v, 0);
    }

    @Override
    public String summary() {
        return "smooth ReLU log(1 + e^x)";
    }
}
