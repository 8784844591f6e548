package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.PatternPass;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code common::fuse_matmul_weight_bias}: a {@code matmul} of a tensor by a const 2-D weight followed by the
 * addition of a constant along the last axis becomes one {@code linear} (whose weight is {@code [out, in]}, so a
 * non-transposed matmul weight is transposed). The matmul must have no other user and {@code transpose_x} false.
 * The linear takes the matmul's location and the add's name.
 *
 * <pre>
 * Given:
 *   %m: fp32[2, 3] = matmul(x = %x, y = %w)     # %w: fp32[4, 3] const
 *   %y: fp32[2, 3] = add(x = %m, y = %b)        # %b: fp32[3] const
 * Result:
 *   %y: fp32[2, 3] = linear(x = %x, weight = %w_t, bias = %b)   # %w_t = transpose(%w): fp32[3, 4]
 * </pre>
 */
public final class FuseMatmulWeightBiasPass extends PatternPass {
    public static final String ID = "common::fuse_matmul_weight_bias";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "turn a matmul by a const weight followed by a bias add into a linear";
    }

    @Override
    protected boolean rewrite(Operation op, Rewriter rw) {
        Optional<FuseLinearBiasPass.BiasAdd> m = FuseLinearBiasPass.BiasAdd.match(op, "matmul");
        if (m.isEmpty()) {
            return false;
        }
        Operation matmul = m.get().producer();
        Var x = matmul.requireInput("x");
        Optional<TensorValue> w = matmul.requireInput("y").value();
        if (x.isConst() || w.isEmpty() || w.get().shape().rank() != 2 || x.tensorType().rank() < 1
                || x.tensorType().rank() > 3
                || !Patterns.constBool(matmul, "transpose_x", false)) {
            return false;
        }
        // matmul(x, W) + c              ->  linear(x, transpose(W), c)
        // matmul(x, W, transpose_y) + c ->  linear(x, W, c)
        TensorValue weight = Patterns.constBool(matmul, "transpose_y", true) ? w.get() : ConstMath.transpose2d(w.get());
        Builder b = rw.before(op).at(matmul.location());
        Var weightVar = b.constant(weight, op.name() + "_weight");
        Var biasVar = b.constant(ConstMath.vector(weight.dtype(), m.get().addend()), op.name() + "_bias");
        Var linear = b.op("linear").input("x", x).input("weight", weightVar).input("bias", biasVar).build().output();
        rw.replaceOp(op, linear);
        rw.eraseIfUnused(List.of(matmul));
        return true;
    }
}
