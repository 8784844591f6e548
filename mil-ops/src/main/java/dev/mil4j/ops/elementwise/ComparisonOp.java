package dev.mil4j.ops.elementwise;

import dev.mil4j.core.types.DType;

/**
 * Base of the elementwise comparisons ({@code equal}, {@code less}, ...): {@code x} and {@code y} in type domain
 * {@code T} (fp16, fp32, int32), broadcast; the output is a bool tensor of the broadcast shape.
 */
public abstract class ComparisonOp extends ElementwiseBinaryOp {
    protected ComparisonOp(String name) {
        super(name, NUMERIC);
    }

    /** The truth value for one pair of elements (NaN compares as in IEEE 754). */
    protected abstract boolean test(double x, double y);

    @Override
    protected final DType outputDtype(DType input) {
        return DType.BOOL;
    }

    @Override
    protected final double apply(double x, double y) {
        return test(x, y) ? 1 : 0;
    }

    @Override
    protected final long applyInt(long x, long y) {
        return test(x, y) ? 1 : 0;
    }
}
