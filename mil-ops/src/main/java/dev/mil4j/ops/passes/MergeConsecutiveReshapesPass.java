package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.PatternPass;
import dev.mil4j.core.pass.Rewriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code common::merge_consecutive_reshapes}: a {@code reshape} of a {@code reshape} reshapes the original tensor
 * directly (only the last shape matters); the inner reshape goes when nothing else uses it. The outer reshape's
 * shape must be const without {@code 0} entries (a {@code 0} copies a dim of its own input, which the merge would
 * change). Chains collapse in one sweep. The new reshape keeps the outer reshape's name and location.
 *
 * <pre>
 * Given:
 *   %a: fp32[2, 12] = reshape(x = %x, shape = [2, 12])      # %x: fp32[2, 3, 4]
 *   %b: fp32[6, 4] = reshape(x = %a, shape = [6, -1])
 * Result:
 *   %b: fp32[6, 4] = reshape(x = %x, shape = [6, -1])
 * </pre>
 */
public final class MergeConsecutiveReshapesPass extends PatternPass {
    public static final String ID = "common::merge_consecutive_reshapes";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "replace reshape(reshape(x, s1), s2) by reshape(x, s2)";
    }

    @Override
    protected boolean rewrite(Operation op, Rewriter rw) {
        if (!op.type().equals("reshape")) {
            return false;
        }
        // reshape(reshape(x, s1), s2)  ->  reshape(x, s2)     when s2 is const and holds no 0
        Optional<Operation> inner = Patterns.producer(op.requireInput("x"), "reshape");
        Var shape = op.requireInput("shape");
        if (inner.isEmpty() || shape.value().isEmpty()) {
            return false;
        }
        for (long d : shape.value().get().toLongArray()) {
            if (d == 0) {
                return false;
            }
        }
        Var x = inner.get().requireInput("x");
        Operation merged = rw.copy(op, Map.of("x", x), op);
        rw.replaceOp(op, merged.output());
        rw.eraseIfUnused(List.of(inner.get()));
        return true;
    }
}
