package dev.mil4j.ops.activation;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.ops.elementwise.ElementwiseUnaryOp;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code relu}: the rectified linear unit {@code max(x, 0)}, elementwise.
 *
 * <p>Input {@code x}: a tensor in {@code T} = fp16, fp32. Output: a tensor of the same shape and dtype.
 */
public final class ReluOp extends ElementwiseUnaryOp {
    public ReluOp() {
        super("relu", DType.FP16, DType.FP32);
    }

    @Override
    protected DoubleUnaryOperator function(InferenceContext ctx) {
        return v -> Math.max(v, 0);
    }

    @Override
    public String summary() {
        return "rectified linear unit max(x, 0)";
    }
}
