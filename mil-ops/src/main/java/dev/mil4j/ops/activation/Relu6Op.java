package dev.mil4j.ops.activation;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.ops.elementwise.ElementwiseUnaryOp;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code relu6}: {@code min(max(x, 0), 6)}, elementwise.
 *
 * <p>Input {@code x}: a tensor in {@code T} = fp16, fp32. Output: a tensor of the same shape and dtype.
 */
public final class Relu6Op extends ElementwiseUnaryOp {
    public Relu6Op() {
        super("relu6", DType.FP16, DType.FP32);
    }

    @Override
    protected DoubleUnaryOperator function(InferenceContext ctx) {
        return v -> Math.min(Math.max(v, 0), 6);
    }

    @Override
    public String summary() {
        return "ReLU capped at 6";
    }
}
