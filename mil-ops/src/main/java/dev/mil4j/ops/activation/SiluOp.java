package dev.mil4j.ops.activation;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.ops.elementwise.ElementwiseUnaryOp;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code silu}: the sigmoid linear unit (swish) {@code x * sigmoid(x)}, elementwise.
 *
 * <p>Input {@code x}: a tensor in {@code T} = fp16, fp32. Output: a tensor of the same shape and dtype.
 */
public final class SiluOp extends ElementwiseUnaryOp {
    public SiluOp() {
        super("silu", DType.FP16, DType.FP32);
    }

    @Override
    protected DoubleUnaryOperator function(InferenceContext ctx) {
        return v -> v / (1 + Math.exp(-v));
    }

    @Override
    public String summary() {
        return "sigmoid linear unit (swish) x * sigmoid(x)";
    }
}
