package dev.mil4j.ops.elementwise;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code floor}: the floor (rounded toward negative infinity) of each element of {@code x}.
 *
 * <p>Input {@code x}: a tensor in {@code T} = fp16, fp32. Output: a tensor of the same shape and dtype.
 */
public final class FloorOp extends ElementwiseUnaryOp {
    public FloorOp() {
        super("floor", DType.FP16, DType.FP32);
    }

    @Override
    protected DoubleUnaryOperator function(InferenceContext ctx) {
        return v -> Math.floor(v);
    }

    @Override
    public String summary() {
        return "rounds every element down to an integer";
    }
}
