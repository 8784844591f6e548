package dev.mil4j.ops.elementwise;

/**
 * {@code add}: {@code x + y}, elementwise.
 *
 * <p>Inputs: {@code x}, {@code y}: tensors of one dtype in {@code T} = fp16, fp32, int32, broadcast numpy-style.
 * Output: a tensor of the broadcast shape and dtype {@code T}.
 */
public final class AddOp extends ElementwiseBinaryOp {
    public AddOp() {
        super("add", NUMERIC);
    }

    @Override
    protected double apply(double x, double y) {
        return x + y;
    }

    @Override
    protected long applyInt(long x, long y) {
        return x + y;
    }
}
