package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.PatternPass;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code common::fuse_layernorm_or_instancenorm}: replaces the elementwise expansion of a normalization over some
 * axes, as frontends emit hand-written layer norms, by {@code layer_norm}, or by {@code instance_norm} when the axes
 * are the spatial axes of a rank-3 or rank-4 tensor and the scale and shift are per channel. Recognized:
 *
 * <pre>
 *   m = reduce_mean(x, axes, keep_dims = true);  d = x - m;  q = d * d | square(d) | pow(d, 2)
 *   v = reduce_mean(q, axes, keep_dims = true) [+ eps]
 *   n = d * rsqrt(v) | rsqrt(v) * d | d / sqrt(v) | d * (rsqrt(v) * gamma)
 *   y = n [* gamma] [+ beta]                      (gamma, beta const, broadcasting over the axes only)
 * </pre>
 *
 * The fused op takes the name and location of the pattern's last op; {@code rsqrt}'s own epsilon adds to {@code eps}.
 *
 * <pre>
 * Given:
 *   %m = reduce_mean(x = %x, axes = [-1], keep_dims = true)
 *   %d = sub(x = %x, y = %m)
 *   %q = mul(x = %d, y = %d)
 *   %v = reduce_mean(x = %q, axes = [-1], keep_dims = true)
 *   %ve = add(x = %v, y = 1e-5)
 *   %r = rsqrt(x = %ve)
 *   %n = mul(x = %d, y = %r)
 *   %g = mul(x = %n, y = %gamma)
 *   %y = add(x = %g, y = %beta)
 * Result:
 *   %y = layer_norm(x = %x, axes = [-1], gamma = %gamma, beta = %beta, epsilon = 1e-5)
 * </pre>
 */
public final class FuseLayernormOrInstancenormPass extends PatternPass {
    public static final String ID = "common::fuse_layernorm_or_instancenorm";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "fuse the reduce_mean/sub/mul/rsqrt expansion of a normalization into layer_norm or instance_norm";
    }

    @Override
    protected boolean rewrite(Operation op, Rewriter rw) {
        // The sweep reaches the normalizing op before its gamma mul and beta add: leave it to the longest match,
        // which falls back to the shorter ones when the scale or shift does not fit.
        return !extendsFurther(op) && fuseAt(op, rw);
    }

    /** Tries the pattern ending at {@code op}, then the ones ending at the producers of its gamma mul / beta add. */
    private static boolean fuseAt(Operation op, Rewriter rw) {
        Optional<NormPattern> m = NormPattern.match(op);
        if (m.isPresent() && fuse(op, m.get(), rw)) {
            return true;
        }
        if (op.type().equals("add") || op.type().equals("mul")) {
            Optional<Var> c = Patterns.constOperand(op);
            Optional<Operation> inner = c.flatMap(k -> Patterns.other(op, k).producer())
                    .filter(p -> p.outputs().size() == 1 && Patterns.onlyUse(p.output()));
            return inner.isPresent() && fuseAt(inner.get(), rw);
        }
        return false;
    }

    /** True when a pattern ends at {@code op} and its only user, a mul or add with a constant, may extend it. */
    private static boolean extendsFurther(Operation op) {
        if (op.outputs().size() != 1 || !Patterns.onlyUse(op.output())) {
            return false;
        }
        Operation user = op.output().users().get(0);
        return (user.type().equals("mul") || user.type().equals("add")) && Patterns.constOperand(user).isPresent()
                && NormPattern.match(op).isPresent();
    }

    private static boolean fuse(Operation op, NormPattern p, Rewriter rw) {
        TensorType xt = p.x().tensorType();
        if (!xt.equals(op.output().type())) {
            return false;
        }
        int rank = xt.rank();
        DType dtype = xt.dtype();
        Builder b = rw.before(op);
        TensorValue eps = TensorValue.fromDoubles(dtype, dev.mil4j.core.types.Shape.scalar(), p.epsilon());
        // (x - mean) / sqrt(var + eps) * gamma + beta  ->  instance_norm(x, gamma, beta, eps)   over spatial axes
        if (isSpatial(p.axes(), rank) && xt.shape().dim(1).isKnown()) {
            int c = (int) xt.shape().dim(1).size();
            Optional<double[]> gamma = p.gamma().isEmpty() ? Optional.of(ConstMath.orFill(Optional.empty(), c, 1))
                    : ConstMath.perChannel(p.gamma().get(), rank, 1, c);
            Optional<double[]> beta = p.beta().isEmpty() ? Optional.of(ConstMath.orFill(Optional.empty(), c, 0))
                    : ConstMath.perChannel(p.beta().get(), rank, 1, c);
            if (gamma.isPresent() && beta.isPresent()) {
                Var fused = b.op("instance_norm").input("x", p.x())
                        .input("gamma", b.constant(ConstMath.vector(dtype, gamma.get()), op.name() + "_gamma"))
                        .input("beta", b.constant(ConstMath.vector(dtype, beta.get()), op.name() + "_beta"))
                        .input("epsilon", eps).build().output();
                finish(rw, op, fused, p);
                return true;
            }
        }
        // (x - mean) / sqrt(var + eps) * gamma + beta  ->  layer_norm(x, axes, gamma, beta, eps)
        Optional<Optional<TensorValue>> gamma = NormParams.overAxes(p.gamma(), xt, p.axes(), dtype);
        Optional<Optional<TensorValue>> beta = NormParams.overAxes(p.beta(), xt, p.axes(), dtype);
        if (gamma.isEmpty() || beta.isEmpty()) {
            return false;
        }
        Builder.OpBuilder ln = b.op("layer_norm").input("x", p.x()).input("axes", TensorValue.vector(p.axes()));
        if (gamma.get().isPresent()) {
            ln.input("gamma", b.constant(gamma.get().get(), op.name() + "_gamma"));
        }
        if (beta.get().isPresent()) {
            ln.input("beta", b.constant(beta.get().get(), op.name() + "_beta"));
        }
        finish(rw, op, ln.input("epsilon", eps).build().output(), p);
        return true;
    }

    private static void finish(Rewriter rw, Operation op, Var fused, NormPattern p) {
        rw.replaceOp(op, fused);
        rw.eraseIfUnused(p.ops());
    }

    /**
     * True for the axes [2, 3] of a rank-4 tensor (an image's spatial axes). A rank-3 tensor normalized over its
     * last axis is far more often a sequence ([batch, tokens, features]) than [n, C, length]: layer_norm.
     */
    private static boolean isSpatial(int[] axes, int rank) {
        return rank == 4 && axes.length == 2 && axes[0] == 2 && axes[1] == 3;
    }

    /** Collects the ops of a match, users first. */
    static List<Operation> list(Operation... ops) {
        List<Operation> out = new ArrayList<>(ops.length);
        for (Operation o : ops) {
            if (o != null) {
                out.add(o);
            }
        }
        return out;
    }
}
