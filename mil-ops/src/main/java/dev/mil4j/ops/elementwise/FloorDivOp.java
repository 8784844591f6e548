package dev.mil4j.ops.elementwise;

import dev.mil4j.core.value.TensorValue;

/**
 * {@code floor_div}: {@code floor(x / y)}, elementwise (rounded toward negative infinity); an integer
 * division by zero is not folded.
 *
 * <p>Inputs: {@code x}, {@code y}: tensors of one dtype in {@code T} = fp16, fp32, int32, broadcast numpy-style.
 * Output: a tensor of the broadcast shape and dtype {@code T}.
 */
public final class FloorDivOp extends ElementwiseBinaryOp {
    public FloorDivOp() {
        super("floor_div", NUMERIC);
    }

    @Override
    protected double apply(double x, double y) {
        return Math.floor(x / y);
    }

    @Override
    protected long applyInt(long x, long y) {
        return Math.floorDiv(x, y);
    }

    @Override
    protected boolean foldable(TensorValue x, TensorValue y) {
        return !hasIntegerZero(y);
    }
}
