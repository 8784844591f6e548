package dev.mil4j.ops.activation;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.ops.elementwise.ElementwiseUnaryOp;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code softsign}: {@code x / (1 + |x|)}, elementwise.
 *
 * <p>Input {@code x}: a tensor in {@code T} = fp16, fp32. Output: a tensor of the same shape and dtype.
 */
public final class SoftsignOp extends ElementwiseUnaryOp {
    public SoftsignOp() {
        super("softsign", DType.FP16, DType.FP32);
    }

    @Override
    protected DoubleUnaryOperator function(InferenceContext ctx) {
        return v -> v / (1 + Math.abs(v));
    }

    @Override
    public String summary() {
        return "x / (1 + |x|), a bounded sigmoid-like curve";
    }
}
