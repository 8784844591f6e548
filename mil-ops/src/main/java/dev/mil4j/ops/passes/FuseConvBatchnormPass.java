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
 * {@code common::fuse_conv_batchnorm}: folds a {@code batch_norm} into the const weight and the bias of the
 * {@code conv} (or single-group {@code conv_transpose}) before it, when that conv has no other user. The fused conv
 * keeps the conv's location and takes the batch_norm's name.
 *
 * <pre>
 * Given:
 *   %c: fp32[1, 2, 4, 4] = conv(x = %x, weight = %w)
 *   %y: fp32[1, 2, 4, 4] = batch_norm(x = %c, mean = %m, variance = %v, gamma = %g, beta = %be, epsilon = %e)
 * Result:
 *   %y: fp32[1, 2, 4, 4] = conv(x = %x, weight = %w2, bias = %b2)
 *   # s = g / sqrt(v + e);  w2[o] = w[o] * s[o];  b2 = (0 - m) * s + be
 * </pre>
 */
public final class FuseConvBatchnormPass extends PatternPass {
    public static final String ID = "common::fuse_conv_batchnorm";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "fold a batch_norm into the weight and bias of the conv before it";
    }

    @Override
    protected boolean rewrite(Operation op, Rewriter rw) {
        if (!op.type().equals("batch_norm")) {
            return false;
        }
        Optional<ConvLike> conv = ConvLike.producing(op.requireInput("x"));
        if (conv.isEmpty()) {
            return false;
        }
        ConvLike cv = conv.get();
        Optional<TensorValue> w = cv.constWeight();
        Optional<Integer> axis = cv.outputChannelAxis();
        if (w.isEmpty() || axis.isEmpty()) {
            return false;
        }
        // batch_norm(conv(x, W, b)) = (conv(x, W, b) - mean) * s + beta   with s = gamma / sqrt(var + eps)
        //                           = conv(x, W * s, (b - mean) * s + beta)
        int n = cv.channels();
        double[] mean = ConstMath.orFill(op.input("mean").flatMap(Var::value), n, 0);
        double[] variance = ConstMath.orFill(op.input("variance").flatMap(Var::value), n, 1);
        double[] gamma = ConstMath.orFill(op.input("gamma").flatMap(Var::value), n, 1);
        double[] beta = ConstMath.orFill(op.input("beta").flatMap(Var::value), n, 0);
        double eps = op.inferenceContext().value("epsilon").orElseThrow().getDouble(0);
        double[] scale = new double[n];
        double[] bias = new double[n];
        for (int i = 0; i < n; i++) {
            scale[i] = gamma[i] / Math.sqrt(variance[i] + eps);
            bias[i] = (cv.bias()[i] - mean[i]) * scale[i] + beta[i];
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
