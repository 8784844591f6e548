package dev.mil4j.ops.elementwise;

import dev.mil4j.core.types.DType;

/**
 * Base of the elementwise logical ops ({@code logical_and}, {@code logical_or}, {@code logical_xor}): {@code x} and
 * {@code y} are bool tensors (type domain {@code T}: bool), broadcast; the output is a bool tensor of the broadcast
 * shape.
 */
public abstract class LogicalBinaryOp extends ElementwiseBinaryOp {
    protected LogicalBinaryOp(String name) {
        super(name, DType.BOOL);
    }

    /** The result for one pair of elements. */
    protected abstract boolean test(boolean x, boolean y);

    @Override
    protected final double apply(double x, double y) {
        return test(x != 0, y != 0) ? 1 : 0;
    }

    @Override
    protected final long applyInt(long x, long y) {
        return test(x != 0, y != 0) ? 1 : 0;
    }
}
