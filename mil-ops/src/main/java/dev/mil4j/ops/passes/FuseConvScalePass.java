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
 * {@code common::fuse_conv_scale}: folds the multiplication (or division) by a constant that varies along the
 * channel axis only into the const weight and the bias of the {@code conv} (or single-group {@code conv_transpose})
 * before it, when that conv has no other user. The fused conv keeps the conv's location and takes the mul's name.
 *
 * <pre>
 * Given:
 *   %c: fp32[1, 2, 4, 4] = conv(x = %x, weight = %w, bias = %b)
 *   %y: fp32[1, 2, 4, 4] = mul(x = %c, y = %s)          # %s: fp32[1, 2, 1, 1] const
 * Result:
 *   %y: fp32[1, 2, 4, 4] = conv(x = %x, weight = %w_s, bias = %b_s)   # w_s[o] = w[o] * s[o], b_s = b * s
 * </pre>
 */
public final class FuseConvScalePass extends PatternPass {
    public static final String ID = "common::fuse_conv_scale";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "fold a per-channel constant scale of a conv output into the conv's weight and bias";
    }

    @Override
    protected boolean rewrite(Operation op, Rewriter rw) {
        boolean mul = op.type().equals("mul");
        if (!mul && !op.type().equals("real_div")) {
            return false;
        }
        // conv(x, W, b) * s  ->  conv(x, W * s, b * s)   with s[o] scaling output channel o (s * conv likewise)
        // conv(x, W, b) / s  ->  conv(x, W / s, b / s)   (s / conv is not a scale)
        Optional<Patterns.ConstOperand> operands = Patterns.constOperand(op, mul);
        if (operands.isEmpty()) {
            return false;
        }
        Var convOut = operands.get().other();
        Var s = operands.get().constant();
        Optional<ConvLike> conv = ConvLike.producing(convOut);
        if (conv.isEmpty() || !Patterns.sameType(convOut, op.output())) {
            return false;
        }
        ConvLike cv = conv.get();
        Optional<TensorValue> w = cv.constWeight();
        Optional<Integer> axis = cv.outputChannelAxis();
        Optional<double[]> k = ConstMath.perChannel(s.value().orElseThrow(), cv.rank(), 1, cv.channels());
        if (w.isEmpty() || axis.isEmpty() || k.isEmpty()) {
            return false;
        }
        double[] scale = k.get();
        if (!mul) {
            for (int i = 0; i < scale.length; i++) {
                scale[i] = 1 / scale[i];
            }
        }
        double[] bias = cv.bias().clone();
        for (int i = 0; i < bias.length; i++) {
            bias[i] *= scale[i];
        }
        Builder b = rw.before(op).at(cv.op().location());
        Var newWeight = b.constant(ConstMath.scaleAlong(w.get(), axis.get(), scale), op.name() + "_weight");
        Var newBias = b.constant(ConstMath.vector(cv.paramType(), bias), op.name() + "_bias");
        Operation fused = rw.copy(cv.op(), Map.of("weight", newWeight, "bias", newBias), op);
        rw.replaceOp(op, fused.output());
        rw.eraseIfUnused(List.of(cv.op()));
        return true;
    }
}
