package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.PatternPass;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import java.util.Optional;

/**
 * {@code common::divide_to_multiply}: a floating-point {@code real_div} by a constant becomes a {@code mul} by the
 * constant's reciprocal (computed in double, rounded once to the constant's dtype), which is cheaper on every
 * backend and lets the scale fusions match. The mul keeps the division's name and location.
 *
 * <pre>
 * Given:
 *   %y = real_div(x = %x, y = %c)      # %c = const 4.0
 * Result:
 *   %y = mul(x = %x, y = %c_inv)       # %c_inv = const 0.25
 * </pre>
 */
public final class DivideToMultiplyPass extends PatternPass {
    public static final String ID = "common::divide_to_multiply";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "replace floating-point division by a constant with multiplication by its reciprocal";
    }

    @Override
    protected boolean rewrite(Operation op, Rewriter rw) {
        if (!op.type().equals("real_div")) {
            return false;
        }
        // x / c  ->  x * (1 / c)      for const c of a float dtype
        Var x = op.requireInput("x");
        Optional<TensorValue> c = op.requireInput("y").value();
        if (c.isEmpty() || x.isConst() || !c.get().dtype().isFloat()) {
            return false;
        }
        double[] v = c.get().toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = 1 / v[i];
        }
        DType dtype = c.get().dtype();
        var b = rw.before(op);
        Var inverse = b.constant(TensorValue.fromDoubles(dtype, c.get().shape(), v), op.name() + "_inverse");
        Var mul = b.op("mul").input("x", x).input("y", inverse).build().output();
        rw.replaceOp(op, mul);
        return true;
    }
}
