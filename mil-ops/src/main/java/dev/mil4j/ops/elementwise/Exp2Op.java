package dev.mil4j.ops.elementwise;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * {@code exp2}: {@code 2^x} (for int32, negative exponents truncate toward zero) of each element of {@code x}.
 *
 * <p>Input {@code x}: a tensor in {@code T} = fp16, fp32, int32. Output: a tensor of the same shape and dtype.
 */
public final class Exp2Op extends ElementwiseUnaryOp {
    public Exp2Op() {
        super("exp2", DType.FP16, DType.FP32, DType.INT32);
    }

    @Override
    protected DoubleUnaryOperator function(InferenceContext ctx) {
        return v -> Math.pow(2, v);
    }

    @Override
    protected LongUnaryOperator intFunction(InferenceContext ctx) {
        return v -> v < 0 ? 0 : v >= 63 ? 0 : 1L << v;
    }

    @Override
    public String summary() {
        return "2 raised to every element";
    }
}
