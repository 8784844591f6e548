package dev.mil4j.ops.elementwise;

/**
 * {@code logical_and}: {@code x AND y}, elementwise.
 *
 * <p>Inputs: {@code x}, {@code y}: bool tensors, broadcast numpy-style. Output: a bool tensor of the broadcast
 * shape.
 */
public final class LogicalAndOp extends LogicalBinaryOp {
    public LogicalAndOp() {
        super("logical_and");
    }

    @Override
    protected boolean test(boolean x, boolean y) {
        return x && y;
    }

    @Override
    public String summary() {
        return "boolean AND with broadcasting";
    }
}
