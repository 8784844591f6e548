package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.PatternPass;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code common::fuse_conv_bias}: folds the addition (or subtraction) of a constant that varies along the channel
 * axis only into the bias of the {@code conv} or {@code conv_transpose} before it, when that conv has no other user
 * and a const bias (or none). The fused conv keeps the conv's location and takes the add's name.
 *
 * <pre>
 * Given:
 *   %c: fp32[1, 2, 4, 4] = conv(x = %x, weight = %w, bias = %b)
 *   %y: fp32[1, 2, 4, 4] = add(x = %c, y = %k)          # %k: fp32[2, 1, 1] const
 * Result:
 *   %y: fp32[1, 2, 4, 4] = conv(x = %x, weight = %w, bias = %b_k)   # %b_k = %b + %k[:, 0, 0]
 * </pre>
 */
public final class FuseConvBiasPass extends PatternPass {
    public static final String ID = "common::fuse_conv_bias";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "fold a per-channel constant added to (or subtracted from) a conv output into the conv's bias";
    }

    @Override
    protected boolean rewrite(Operation op, Rewriter rw) {
        boolean add = op.type().equals("add");
        if (!add && !op.type().equals("sub")) {
            return false;
        }
        // conv(x, W, b) + c  ->  conv(x, W, b + c)    (c + conv likewise)
        // conv(x, W, b) - c  ->  conv(x, W, b - c)    (c - conv is not rewritten: it negates the weights)
        Optional<Patterns.ConstOperand> operands = Patterns.constOperand(op, add);
        if (operands.isEmpty()) {
            return false;
        }
        Var convOut = operands.get().other();
        Var c = operands.get().constant();
        Optional<ConvLike> conv = ConvLike.producing(convOut);
        if (conv.isEmpty() || !Patterns.sameType(convOut, op.output())) {
            return false;
        }
        ConvLike cv = conv.get();
        Optional<double[]> k = ConstMath.perChannel(c.value().orElseThrow(), cv.rank(), 1, cv.channels());
        if (k.isEmpty()) {
            return false;
        }
        double[] bias = cv.bias().clone();
        for (int i = 0; i < bias.length; i++) {
            bias[i] += add ? k.get()[i] : -k.get()[i];
        }
        Builder b = rw.before(op).at(cv.op().location());
        TensorValue biasValue = ConstMath.vector(cv.paramType(), bias);
        Var newBias = b.constant(biasValue, op.name() + "_bias");
        Operation fused = rw.copy(cv.op(), Map.of("bias", newBias), op);
        rw.replaceOp(op, fused.output());
        rw.eraseIfUnused(List.of(cv.op()));
        return true;
    }
}
