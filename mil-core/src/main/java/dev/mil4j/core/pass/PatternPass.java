package dev.mil4j.core.pass;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.pass.common.Blocks;

/**
 * A pass made of local rewrites, each anchored at the last op of its pattern. One forward sweep over every block
 * (function bodies, then nested blocks) offers each op to {@link #rewrite}, which matches backwards through the
 * op's producers and, on a match, changes the IR through the given {@link Rewriter}. Linear in the program size when
 * each anchor looks at a bounded number of producers.
 *
 * <p>The sweep visits each op that was in the block when the sweep reached it: ops a rewrite inserts before or
 * right after the anchor are not visited, but a later anchor sees them as producers, so a chain (conv, add, add)
 * folds in one sweep; ops a rewrite erased are skipped. Statistics: {@code patterns_matched} (rewrites that returned
 * true) and {@code ops_removed} (ops erased minus ops that replaced them, constants not counted).
 *
 * <pre>{@code
 * public final class MergeConsecutiveRelusPass extends PatternPass {
 *     public String id() { return "common::merge_consecutive_relus"; }
 *     public String summary() { return "replace relu(relu(x)) by relu(x)"; }
 *
 *     protected boolean rewrite(Operation op, Rewriter rw) {
 *         // Given:  %a = relu(x = %x);  %b = relu(x = %a)      Result:  %a = relu(x = %x)  (users of %b use %a)
 *         if (!op.type().equals("relu")) return false;
 *         Var inner = op.requireInput("x");
 *         boolean reluOfRelu = inner.producer().filter(p -> p.type().equals("relu")).isPresent();
 *         if (!reluOfRelu || !rw.canReplace(op.output(), inner)) return false;
 *         rw.replace(op.output(), inner);
 *         rw.erase(op);
 *         return true;
 *     }
 * }
 * }</pre>
 */
public abstract class PatternPass implements Pass {

    /** For subclasses. */
    protected PatternPass() {
    }

    @Override
    public final void run(Program program, PassContext context) {
        Rewriter rw = new Rewriter(context);
        long matched = 0;
        for (Block block : Blocks.all(program)) {
            matched += sweep(block, rw);
        }
        rw.finish();
        context.count("patterns_matched", matched);
        context.count("ops_removed", rw.opsRemoved());
    }

    /**
     * Tries the pass's patterns anchored at {@code op}: on a match, rewrites through {@code rw} and returns true;
     * otherwise changes nothing and returns false. Called once for every op of the program, so a pass checks the
     * anchor's type first. A rewrite may erase any op; it inserts ops through the builders of {@code rw}.
     */
    protected abstract boolean rewrite(Operation op, Rewriter rw);

    /**
     * Visits the ops of {@code block} in order, walking the block's links (no snapshot: a sweep touches each op once
     * and holds no reference to erased ones). The op to visit next is taken before each rewrite and kept current
     * by the rewriter when the rewrite erases it.
     */
    private long sweep(Block block, Rewriter rw) {
        long matched = 0;
        Operation op = block.firstOperation().orElse(null);
        while (op != null) {
            rw.cursor = op.next().orElse(null);
            if (rewrite(op, rw)) {
                matched++;
            }
            Operation next = rw.cursor;
            if (next != null && !next.isInBlock()) {
                throw new IllegalStateException("a rewrite anchored at " + op + " erased " + next
                        + " other than through the Rewriter");
            }
            op = next;
        }
        rw.cursor = null;
        return matched;
    }
}
