package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.PatternPass;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.value.TensorValue;
import java.util.Optional;

/**
 * {@code common::noop_elimination}: removes operations whose output equals one of their inputs: {@code identity};
 * a {@code cast} to the input's dtype; a {@code reshape}, {@code slice_by_size} or unit-stride
 * {@code slice_by_index} whose output type is its input's; a {@code transpose} by the identity permutation; a
 * {@code pad} or {@code tile} by nothing; {@code x + 0}, {@code x - 0}, {@code x * 1}, {@code x / 1} and
 * {@code x ^ 1} with a constant that does not broadcast the result. When the removed op's output is returned by the
 * function, the input takes its name; when the input cannot be renamed (a function input, or itself returned), the
 * op stays.
 *
 * <pre>
 * Given:
 *   %a: fp32[2, 3] = reshape(x = %x, shape = [2, 3])      # %x: fp32[2, 3]
 *   %b: fp32[2, 3] = mul(x = %a, y = 1.0)
 *   %c: fp32[2, 3] = relu(x = %b)
 * Result:
 *   %c: fp32[2, 3] = relu(x = %x)
 * </pre>
 */
public final class NoopEliminationPass extends PatternPass {
    public static final String ID = "common::noop_elimination";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "remove identity-like operations (identity, same-dtype cast, same-shape reshape, full slice, ...)";
    }

    @Override
    protected boolean rewrite(Operation op, Rewriter rw) {
        Optional<Var> same = passThrough(op);
        if (same.isEmpty() || !Patterns.sameType(same.get(), op.output())
                || !rw.canReplace(op.output(), same.get())) {
            return false;
        }
        rw.replace(op.output(), same.get());
        rw.erase(op);
        return true;
    }

    /** The input {@code op} passes through unchanged, if it is a no-op. */
    private static Optional<Var> passThrough(Operation op) {
        if (op.outputs().size() != 1 || !op.blocks().isEmpty()) {
            return Optional.empty();
        }
        switch (op.type()) {
            case "identity", "cast", "reshape", "slice_by_size":
                // identity(x) = x;  cast(x: T, T) = x;  reshape(x, shape(x)) = x;  slice_by_size(x, 0, shape(x)) = x
                return op.input("x");
            case "slice_by_index":
                // x[0:n:1, ...] = x
                return all(op.inferenceContext().value("stride"), 1) || op.input("stride").isEmpty()
                        ? op.input("x") : Optional.empty();
            case "transpose":
                // transpose(x, [0, 1, ..., n-1]) = x
                return isIota(op.requireInput("perm")) ? op.input("x") : Optional.empty();
            case "pad":
                // pad(x, 0) = x
                return all(op.requireInput("pad").value(), 0) ? op.input("x") : Optional.empty();
            case "tile":
                // tile(x, 1) = x
                return all(op.requireInput("reps").value(), 1) ? op.input("x") : Optional.empty();
            case "add":
                // x + 0 = 0 + x = x
                return constantSide(op, 0, true);
            case "mul":
                // x * 1 = 1 * x = x
                return constantSide(op, 1, true);
            case "sub":
                // x - 0 = x
                return constantSide(op, 0, false);
            case "real_div", "pow":
                // x / 1 = x ^ 1 = x
                return constantSide(op, 1, false);
            default:
                return Optional.empty();
        }
    }

    /** The non-constant operand when the other is all {@code neutral} (the y side, or either when commutative). */
    private static Optional<Var> constantSide(Operation op, double neutral, boolean commutative) {
        Var x = op.requireInput("x");
        Var y = op.requireInput("y");
        if (Patterns.isExactly(y, neutral) && !x.isConst()) {
            return Optional.of(x);
        }
        if (commutative && Patterns.isExactly(x, neutral) && !y.isConst()) {
            return Optional.of(y);
        }
        return Optional.empty();
    }

    private static boolean all(Optional<TensorValue> v, long expected) {
        if (v.isEmpty()) {
            return false;
        }
        for (long e : v.get().toLongArray()) {
            if (e != expected) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIota(Var perm) {
        Optional<TensorValue> p = perm.value();
        if (p.isEmpty()) {
            return false;
        }
        long[] v = p.get().toLongArray();
        for (int i = 0; i < v.length; i++) {
            if (v[i] != i && v[i] != i - v.length) {
                return false;
            }
        }
        return true;
    }
}
