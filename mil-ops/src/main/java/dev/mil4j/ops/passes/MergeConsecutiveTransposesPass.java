package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.PatternPass;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code common::merge_consecutive_transposes}: a {@code transpose} of a {@code transpose} is one transpose by the
 * composed permutation, or nothing when that is the identity; the inner transpose goes when nothing else uses it.
 * Chains collapse in one sweep. The new transpose keeps the outer transpose's name and location.
 *
 * <pre>
 * Given:
 *   %a: fp32[3, 4, 2] = transpose(x = %x, perm = [1, 2, 0])      # %x: fp32[2, 3, 4]
 *   %b: fp32[4, 2, 3] = transpose(x = %a, perm = [1, 2, 0])
 *   %c: fp32[2, 3, 4] = transpose(x = %b, perm = [1, 2, 0])
 *   %d = relu(x = %c)
 * Result:
 *   %d = relu(x = %x)
 * </pre>
 */
public final class MergeConsecutiveTransposesPass extends PatternPass {
    public static final String ID = "common::merge_consecutive_transposes";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "compose consecutive transposes into one (or none)";
    }

    @Override
    protected boolean rewrite(Operation op, Rewriter rw) {
        if (!op.type().equals("transpose")) {
            return false;
        }
        Optional<Operation> inner = Patterns.producer(op.requireInput("x"), "transpose");
        if (inner.isEmpty()) {
            return false;
        }
        // transpose(transpose(x, p), q)  ->  transpose(x, r)  with r[i] = p[q[i]];  x when r is the identity
        long[] p = inner.get().requireInput("perm").value().orElseThrow().toLongArray();
        long[] q = op.requireInput("perm").value().orElseThrow().toLongArray();
        int rank = q.length;
        int[] r = new int[rank];
        boolean identity = true;
        for (int i = 0; i < rank; i++) {
            int qi = (int) (q[i] < 0 ? q[i] + rank : q[i]);
            long pv = p[qi];
            r[i] = (int) (pv < 0 ? pv + rank : pv);
            identity &= r[i] == i;
        }
        Var x = inner.get().requireInput("x");
        if (identity) {
            if (!rw.canReplace(op.output(), x) || !Patterns.sameType(x, op.output())) {
                return false;
            }
            rw.replace(op.output(), x);
            rw.eraseIfUnused(List.of(op, inner.get()));
            return true;
        }
        Var merged = rw.before(op).op("transpose").input("x", x).input("perm", TensorValue.vector(r)).build()
                .output();
        rw.replaceOp(op, merged);
        rw.eraseIfUnused(List.of(inner.get()));
        return true;
    }
}
