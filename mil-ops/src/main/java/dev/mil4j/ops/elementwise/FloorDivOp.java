package dev.mil4j.ops.elementwise;

import dev.mil4j.core.types.SymbolicInt;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.tensor.DimMath;
import java.util.Optional;

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

    @Override
    protected Optional<SymbolicInt> applySymbolic(SymbolicInt x, SymbolicInt y) {
        if (y.isKnown() && y.value() > 0) {
            return Optional.of(SymbolicInt.of(DimMath.div(x.toDim(), y.value())));
        }
        return y.isKnown() && y.value() == 0 ? Optional.empty()
                : Optional.of(SymbolicInt.of(DimMath.derived("floor_div", x, y)));
    }

    @Override
    public String summary() {
        return "quotient x / y rounded down, with broadcasting";
    }
}
