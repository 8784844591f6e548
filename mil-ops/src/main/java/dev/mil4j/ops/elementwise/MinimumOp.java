package dev.mil4j.ops.elementwise;

/**
 * {@code minimum}: {@code min(x, y)}, elementwise (NaN propagates).
 *
 * <p>Inputs: {@code x}, {@code y}: tensors of one dtype in {@code T} = fp16, fp32, int32, broadcast numpy-style.
 * Output: a tensor of the broadcast shape and dtype {@code T}.
 */
public final class MinimumOp extends ElementwiseBinaryOp {
    public MinimumOp() {
        super("minimum", NUMERIC);
    }

    @Override
    protected double apply(double x, double y) {
        return Math.min(x, y);
    }

    @Override
    protected long applyInt(long x, long y) {
        return Math.min(x, y);
    }

    @Override
    public String summary() {
        return "smaller of x and y, elementwise with broadcasting";
    }
}
