package dev.mil4j.ops.elementwise;

import dev.mil4j.core.value.TensorValue;

/**
 * {@code real_div}: {@code x / y}, elementwise. For int32 the true quotient is truncated toward zero (as
 * numpy's {@code astype} of the float quotient); an integer division by zero is not folded.
 *
 * <p>Inputs: {@code x}, {@code y}: tensors of one dtype in {@code T} = fp16, fp32, int32, broadcast numpy-style.
 * Output: a tensor of the broadcast shape and dtype {@code T}.
 */
public final class RealDivOp extends ElementwiseBinaryOp {
    public RealDivOp() {
        super("real_div", NUMERIC);
    }

    @Override
    protected double apply(double x, double y) {
        return x / y;
    }

    @Override
    protected long applyInt(long x, long y) {
        return x / y;
    }

    @Override
    protected boolean foldable(TensorValue x, TensorValue y) {
        return !hasIntegerZero(y);
    }

    @Override
    public String summary() {
        return "quotient x / y with broadcasting";
    }
}
