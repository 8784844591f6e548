package dev.mil4j.ops.elementwise;

import dev.mil4j.core.value.TensorValue;

/**
 * {@code pow}: {@code x ^ y}, elementwise. For int32, negative exponents are not folded (numpy rejects them).
 *
 * <p>Inputs: {@code x}, {@code y}: tensors of one dtype in {@code T} = fp16, fp32, int32, broadcast numpy-style.
 * Output: a tensor of the broadcast shape and dtype {@code T}.
 */
public final class PowOp extends ElementwiseBinaryOp {
    public PowOp() {
        super("pow", NUMERIC);
    }

    @Override
    protected double apply(double x, double y) {
        return Math.pow(x, y);
    }

    @Override
    protected long applyInt(long x, long y) {
        return intPow(x, y);
    }

    @Override
    protected boolean foldable(TensorValue x, TensorValue y) {
        if (y.dtype().isFloat()) {
            return true;
        }
        for (long i = 0; i < y.elementCount(); i++) {
            if (y.getLong(i) < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code base ^ exp} for {@code exp >= 0}, wrapping like fixed-width integers. */
    private static long intPow(long base, long exp) {
        long result = 1;
        long b = base;
        for (long e = exp; e > 0; e >>= 1) {
            if ((e & 1) != 0) {
                result *= b;
            }
            b *= b;
        }
        return result;
    }

    @Override
    public String summary() {
        return "x raised to the power y, with broadcasting";
    }
}
