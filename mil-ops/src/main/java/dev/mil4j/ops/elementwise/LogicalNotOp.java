package dev.mil4j.ops.elementwise;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * {@code logical_not}: {@code NOT x}, elementwise.
 *
 * <p>Input {@code x}: a bool tensor. Output: a bool tensor of the same shape.
 */
public final class LogicalNotOp extends ElementwiseUnaryOp {
    public LogicalNotOp() {
        super("logical_not", DType.BOOL);
    }

    @Override
    protected DoubleUnaryOperator function(InferenceContext ctx) {
        return v -> v == 0 ? 1 : 0;
    }

    @Override
    protected LongUnaryOperator intFunction(InferenceContext ctx) {
        return v -> v == 0 ? 1 : 0;
    }

    @Override
    public String summary() {
        return "boolean NOT of every element";
    }
}
