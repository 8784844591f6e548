package dev.mil4j.ops.elementwise;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code tanh}: the hyperbolic tangent of each element of {@code x}.
 *
 * <p>Input {@code x}: a tensor in {@code T} = fp16, fp32. Output: a tensor of the same shape and dtype.
 */
public final class TanhOp extends ElementwiseUnaryOp {
    public TanhOp() {
        super("tanh", DType.FP16, DType.FP32);
    }

    @Override
    protected DoubleUnaryOperator function(InferenceContext ctx) {
        return v -> Math.tanh(v);
    }

    @Override
    public String summary() {
        return "hyperbolic tangent of every element";
    }
}
