package dev.mil4j.ops.elementwise;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code round}: the nearest integer, halves to even (so 0.5 rounds to 0, as numpy's {@code round}) of each element of
 * {@code x}.
 *
 * <p>Input {@code x}: a tensor in {@code T} = fp16, fp32. Output: a tensor of the same shape and dtype.
 */
public final class RoundOp extends ElementwiseUnaryOp {
    public RoundOp() {
        super("round", DType.FP16, DType.FP32);
    }

    @Override
    protected DoubleUnaryOperator function(InferenceContext ctx) {
        return v -> Math.rint(v);
    }

    @Override
    public String summary() {
        return "rounds every element to the nearest integer, halves to even";
    }
}
