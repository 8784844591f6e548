package dev.mil4j.ops.elementwise;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * {@code square}: {@code x * x} of each element of {@code x}.
 *
 * <p>Input {@code x}: a tensor in {@code T} = fp16, fp32, int32. Output: a tensor of the same shape and dtype.
 */
public final class SquareOp extends ElementwiseUnaryOp {
    public SquareOp() {
        super("square", DType.FP16, DType.FP32, DType.INT32);
    }

    @Override
    protected DoubleUnaryOperator function(InferenceContext ctx) {
        return v -> v * v;
    }

    @Override
    protected LongUnaryOperator intFunction(InferenceContext ctx) {
        return v -> v * v;
    }

    @Override
    public String summary() {
        return "square of every element";
    }
}
