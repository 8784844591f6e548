package dev.mil4j.ops.elementwise;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * {@code sign}: the sign: -1, 0 or 1 of each element of {@code x}.
 *
 * <p>Input {@code x}: a tensor in {@code T} = fp16, fp32, int32. Output: a tensor of the same shape and dtype.
 */
public final class SignOp extends ElementwiseUnaryOp {
    public SignOp() {
        super("sign", DType.FP16, DType.FP32, DType.INT32);
    }

    @Override
    protected DoubleUnaryOperator function(InferenceContext ctx) {
        return v -> Math.signum(v);
    }

    @Override
    protected LongUnaryOperator intFunction(InferenceContext ctx) {
        return v -> Long.signum(v);
    }

    @Override
    public String summary() {
        return "-1, 0 or 1 by the sign of every element";
    }
}
