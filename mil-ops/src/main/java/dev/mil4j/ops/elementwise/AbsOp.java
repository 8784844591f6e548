package dev.mil4j.ops.elementwise;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * {@code abs}: the absolute value {@code |x|} of each element of {@code x}.
 *
 * <p>Input {@code x}: a tensor in {@code T} = fp16, fp32, int32. Output: a tensor of the same shape and dtype.
 */
public final class AbsOp extends ElementwiseUnaryOp {
    public AbsOp() {
        super("abs", DType.FP16, DType.FP32, DType.INT32);
    }

    @Override
    protected DoubleUnaryOperator function(InferenceContext ctx) {
        return v -> Math.abs(v);
    }

    @Override
    protected LongUnaryOperator intFunction(InferenceContext ctx) {
        return v -> Math.abs(v);
    }

    @Override
    public String summary() {
        return "absolute value of every element";
    }
}
