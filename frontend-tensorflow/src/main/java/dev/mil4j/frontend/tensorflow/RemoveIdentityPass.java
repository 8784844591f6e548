package dev.mil4j.frontend.tensorflow;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.pass.common.Blocks;

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
public final class RemoveIdentityPass implements Pass {
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
    public void run(Program program, PassContext context) {
        long removed = 0;
        for (Block block : Blocks.all(program)) {
            for (Operation op : block.operationList()) {
                if (!op.type().equals("identity") || op.output().isBlockOutput()) {
                    continue;
                }
                Var in = op.requireInput("x");
                op.output().replaceAllUsesWith(in);
                block.erase(op);
                removed++;
            }
        }
        context.count("identities_removed", removed);
    }
}
