package dev.mil4j.ops.elementwise;

import dev.mil4j.core.types.SymbolicInt;
import dev.mil4j.ops.tensor.DimMath;
import java.util.Optional;

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

    @Override
    protected Optional<SymbolicInt> applySymbolic(SymbolicInt x, SymbolicInt y) {
        if (x.isKnown()) {
            return Optional.of(SymbolicInt.of(DimMath.add(y.toDim(), x.value())));
        }
        if (y.isKnown()) {
            return Optional.of(SymbolicInt.of(DimMath.add(x.toDim(), y.value())));
        }
        return Optional.of(SymbolicInt.of(DimMath.add(x.toDim(), y.toDim())));
    }

    @Override
    public String summary() {
        return "sum x + y with broadcasting";
    }
}
