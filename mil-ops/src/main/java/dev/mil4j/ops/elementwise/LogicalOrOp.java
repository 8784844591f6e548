package dev.mil4j.ops.elementwise;

/**
 * {@code logical_or}: {@code x OR y}, elementwise.
 *
 * <p>Inputs: {@code x}, {@code y}: bool tensors, broadcast numpy-style. Output: a bool tensor of the broadcast
 * shape.
 */
public final class LogicalOrOp extends LogicalBinaryOp {
    public LogicalOrOp() {
        super("logical_or");
    }

    @Override
    protected boolean test(boolean x, boolean y) {
        return x || y;
    }

    @Override
    public String summary() {
        return "boolean OR with broadcasting";
    }
}
