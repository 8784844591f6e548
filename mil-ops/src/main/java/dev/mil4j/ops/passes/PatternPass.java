package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.pass.common.Blocks;

/**
 * A pass made of local rewrites anchored at the last op of each pattern: one forward sweep over a snapshot of every
 * block, matching backwards through producers. Ops built by a rewrite are not visited, but a later anchor sees them
 * as producers, so chains (conv, add, add) fold in the same sweep; ops a rewrite erased are skipped. Linear in the
 * program size: each anchor looks at a bounded number of producers.
 */
abstract class PatternPass implements Pass {

    @Override
    public final void run(Program program, PassContext context) {
        Rewriter rw = new Rewriter(context);
        for (Block block : Blocks.all(program)) {
            for (Operation op : block.operationList()) {
                if (op.parent().isPresent() && rewrite(op, rw)) {
                    rw.matched();
                }
            }
        }
        rw.finish();
    }

    /** Tries the pass's patterns anchored at {@code op}; true when one matched and rewrote. */
    abstract boolean rewrite(Operation op, Rewriter rw);
}
