package dev.mil4j.frontend.tensorflow;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.pass.PatternPass;
import dev.mil4j.core.pass.Rewriter;

/**
 * {@code tensorflow::remove_identity}: TensorFlow graphs are full of {@code Identity} nodes (variable reads, device
 * placement, named outputs); their MIL {@code identity} ops are dropped unless their output is a block output (which
 * keeps the output's name).
 *
 * <pre>
 * Given:  %y = identity(x=%x); %z = relu(x=%y)
 * Result: %z = relu(x=%x)
 * </pre>
 */
public final class RemoveIdentityPass extends PatternPass {
    public static final String ID = "tensorflow::remove_identity";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "remove identity ops whose output is not a block output";
    }

    @Override
    protected boolean rewrite(Operation op, Rewriter rw) {
        if (!op.type().equals("identity") || op.output().isBlockOutput()) {
            return false;
        }
        // identity(x) -> x
        rw.replace(op.output(), op.requireInput("x"));
        rw.erase(op);
        return true;
    }
}
