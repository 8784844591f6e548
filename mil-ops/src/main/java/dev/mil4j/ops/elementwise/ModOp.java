package dev.mil4j.ops.elementwise;

import dev.mil4j.core.value.TensorValue;

/**
 * {@code mod}: {@code x mod y}, elementwise, with the sign of the divisor (Python's and numpy's {@code %}); an
 * integer division by zero is not folded.
 *
 * <p>Inputs: {@code x}, {@code y}: tensors of one dtype in {@code T} = fp16, fp32, int32, broadcast numpy-style.
 * Output: a tensor of the broadcast shape and dtype {@code T}.
 */
public final class ModOp extends ElementwiseBinaryOp {
    public ModOp() {
        super("mod", NUMERIC);
    }

    @Override
    protected double apply(double x, double y) {
        return floorMod(x, y);
    }

    @Override
    protected long applyInt(long x, long y) {
        return Math.floorMod(x, y);
    }

    @Override
    protected boolean foldable(TensorValue x, TensorValue y) {
        return !hasIntegerZero(y);
    }

    private static double floorMod(double x, double y) {
        double r = x % y;
        return r != 0 && (r < 0) != (y < 0) ? r + y : r;
    }

    @Override
    public String summary() {
        return "remainder of x / y with the sign of y, with broadcasting";
    }
}
