package dev.mil4j.ops.elementwise;

/**
 * {@code logical_xor}: {@code x XOR y}, elementwise.
 *
 * <p>Inputs: {@code x}, {@code y}: bool tensors, broadcast numpy-style. Output: a bool tensor of the broadcast
 * shape.
 */
public final class LogicalXorOp extends LogicalBinaryOp {
    public LogicalXorOp() {
        super("logical_xor");
    }

    @Override
    protected boolean test(boolean x, boolean y) {
        return x != y;
    }

    @Override
    public String summary() {
        return "boolean exclusive OR with broadcasting";
    }
}
