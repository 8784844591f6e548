package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.pass.common.Blocks;
import java.util.function.BiPredicate;

/**
 * A pass made of local rewrites anchored at the last op of each pattern: one forward sweep over every block,
 * matching backwards through producers. Ops built by a rewrite are not visited, but a later anchor sees them
 * as producers, so chains (conv, add, add) fold in the same sweep; ops a rewrite erased are skipped. Linear in the
 * program size: each anchor looks at a bounded number of producers.
 */
abstract class PatternPass implements Pass {

    @Override
    public final void run(Program program, PassContext context) {
        Rewriter rw = new Rewriter(context);
        for (Block block : Blocks.all(program)) {
            sweep(block, rw, this::rewrite);
        }
        rw.finish();
    }

    /**
     * Visits the ops of {@code block} in order, walking the block's links (no snapshot: a sweep touches each op once)
     * and taking each op's successor before its rewrite runs. Rewrites insert before the anchor and erase the anchor
     * and its producers, never an op after it; a rewrite that does is a bug, reported here.
     */
    static void sweep(Block block, Rewriter rw, BiPredicate<Operation, Rewriter> rewrite) {
        Operation op = block.firstOperation().orElse(null);
        while (op != null) {
            Operation next = op.next().orElse(null);
            if (rewrite.test(op, rw)) {
                rw.matched();
            }
            if (next != null && !next.isInBlock()) {
                throw new IllegalStateException("a rewrite anchored at " + op + " erased the op after it, " + next);
            }
            op = next;
        }
    }

    /** Tries the pass's patterns anchored at {@code op}; true when one matched and rewrote. */
    abstract boolean rewrite(Operation op, Rewriter rw);
}
