package dev.mil4j.ops.elementwise;

import dev.mil4j.core.types.SymbolicInt;
import dev.mil4j.ops.tensor.DimMath;
import java.util.Optional;

/**
 * {@code mul}: {@code x * y}, elementwise.
 *
 * <p>Inputs: {@code x}, {@code y}: tensors of one dtype in {@code T} = fp16, fp32, int32, broadcast numpy-style.
 * Output: a tensor of the broadcast shape and dtype {@code T}.
 */
public final class MulOp extends ElementwiseBinaryOp {
    public MulOp() {
        super("mul", NUMERIC);
    }

    @Override
    protected double apply(double x, double y) {
        return x * y;
    }

    @Override
    protected long applyInt(long x, long y) {
        return x * y;
    }

    @Override
    protected Optional<SymbolicInt> applySymbolic(SymbolicInt x, SymbolicInt y) {
        if (x.isKnown() && x.value() < 0 || y.isKnown() && y.value() < 0) {
            return Optional.of(SymbolicInt.of(DimMath.derived("mul", x, y)));
        }
        return Optional.of(SymbolicInt.of(DimMath.mul(x.toDim(), y.toDim())));
    }

    @Override
    public String summary() {
        return "product x * y with broadcasting";
    }
}
