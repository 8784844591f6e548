package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.PatternPass;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TensorType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code common::fuse_linear_bias}: folds the addition (or subtraction) of a constant that varies along the last
 * axis only into the bias of the {@code linear} before it, when that linear has no other user. The fused linear
 * keeps the linear's location and takes the add's name.
 *
 * <pre>
 * Given:
 *   %l: fp32[2, 3] = linear(x = %x, weight = %w, bias = %b)
 *   %y: fp32[2, 3] = add(x = %l, y = %k)        # %k: fp32[3] const
 * Result:
 *   %y: fp32[2, 3] = linear(x = %x, weight = %w, bias = %b_k)   # %b_k = %b + %k
 * </pre>
 */
public final class FuseLinearBiasPass extends PatternPass {
    public static final String ID = "common::fuse_linear_bias";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "fold a constant added to (or subtracted from) a linear output along its last axis into the bias";
    }

    @Override
    protected boolean rewrite(Operation op, Rewriter rw) {
        Optional<BiasAdd> m = BiasAdd.match(op, "linear");
        if (m.isEmpty()) {
            return false;
        }
        BiasAdd ba = m.get();
        Operation linear = ba.producer();
        // linear(x, W, b) + c  ->  linear(x, W, b + c)     (c + linear likewise)
        // linear(x, W, b) - c  ->  linear(x, W, b - c)
        Optional<Var> oldBias = linear.input("bias");
        if (oldBias.isPresent() && !oldBias.get().isConst()) {
            return false;
        }
        double[] bias = ConstMath.orFill(oldBias.flatMap(Var::value), ba.addend().length, 0);
        for (int i = 0; i < bias.length; i++) {
            bias[i] += ba.addend()[i];
        }
        Var newBias = rw.before(op).at(linear.location()).constant(
                ConstMath.vector(linear.requireInput("weight").tensorType().dtype(), bias), op.name() + "_bias");
        Operation fused = rw.copy(linear, Map.of("bias", newBias), op);
        rw.replaceOp(op, fused.output());
        rw.eraseIfUnused(List.of(linear));
        return true;
    }

    /**
     * An {@code add} (either operand order) or {@code sub} (producer first) of a constant to the output of a
     * {@code producerType} op without other users, the constant varying along the last axis only, with the
     * result's type unchanged: the producer and the signed per-feature addend.
     */
    record BiasAdd(Operation producer, double[] addend) {
        static Optional<BiasAdd> match(Operation op, String producerType) {
            boolean add = op.type().equals("add");
            if (!add && !op.type().equals("sub")) {
                return Optional.empty();
            }
            Optional<Patterns.ConstOperand> operands = Patterns.constOperand(op, add);
            if (operands.isEmpty()) {
                return Optional.empty();
            }
            Var main = operands.get().other();
            Var c = operands.get().constant();
            Optional<Operation> p = Patterns.soleProducer(main, producerType);
            if (p.isEmpty() || !Patterns.sameType(main, op.output())) {
                return Optional.empty();
            }
            TensorType t = main.tensorType();
            Dim last = t.rank() == 0 ? Dim.of(1) : t.shape().dim(t.rank() - 1);
            if (t.rank() == 0 || !last.isKnown()) {
                return Optional.empty();
            }
            Optional<double[]> k = ConstMath.perChannel(c.value().orElseThrow(), t.rank(), t.rank() - 1,
                    last.size());
            if (k.isEmpty()) {
                return Optional.empty();
            }
            double[] addend = k.get();
            if (!add) {
                for (int i = 0; i < addend.length; i++) {
                    addend[i] = -addend[i];
                }
            }
            return Optional.of(new BiasAdd(p.get(), addend));
        }
    }
}
