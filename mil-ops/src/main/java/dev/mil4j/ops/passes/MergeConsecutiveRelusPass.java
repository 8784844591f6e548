package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.PatternPass;
import dev.mil4j.core.pass.Rewriter;
import java.util.Optional;

/**
 * {@code common::merge_consecutive_relus}: a {@code relu} of a {@code relu} is the inner relu (relu is idempotent).
 * Chains collapse in one sweep. When the outer relu's output is returned by the function, the inner relu's output
 * takes its name (unless the inner output is returned too; then both stay).
 *
 * <pre>
 * Given:
 *   %a = relu(x = %x)
 *   %b = relu(x = %a)
 *   %c = exp(x = %b)
 * Result:
 *   %a = relu(x = %x)
 *   %c = exp(x = %a)
 * </pre>
 */
public final class MergeConsecutiveRelusPass extends PatternPass {
    public static final String ID = "common::merge_consecutive_relus";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "replace relu(relu(x)) by relu(x)";
    }

    @Override
    protected boolean rewrite(Operation op, Rewriter rw) {
        if (!op.type().equals("relu")) {
            return false;
        }
        // relu(relu(x))  ->  relu(x)
        Var inner = op.requireInput("x");
        Optional<Operation> first = Patterns.producer(inner, "relu");
        if (first.isEmpty() || !rw.canReplace(op.output(), inner)) {
            return false;
        }
        rw.replace(op.output(), inner);
        rw.erase(op);
        return true;
    }
}
