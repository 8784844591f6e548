package dev.mil4j.core.pass.common;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassContext;

/**
 * {@code common::dead_code_elimination}: removes operations none of whose outputs is used, unless they have side
 * effects. One backward sweep per block: erasing an op releases its inputs, whose producers come earlier and are
 * visited next, so chains of dead ops go in one pass, in time linear in the program.
 *
 * <pre>
 * Given:
 *   %a = relu(x = %x)
 *   %b = exp(x = %a)      # unused
 *   %c = tanh(x = %x)
 *   } -&gt; (%c)
 * Result:
 *   %c = tanh(x = %x)
 *   } -&gt; (%c)
 * </pre>
 */
public final class DeadCodeEliminationPass implements Pass {
    public static final String ID = "common::dead_code_elimination";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "remove operations whose outputs are unused";
    }

    @Override
    public void run(Program program, PassContext context) {
        long[] visitedAndRemoved = new long[2];
        for (Function f : program.functions()) {
            sweep(f.body(), visitedAndRemoved);
        }
        context.count("ops_visited", visitedAndRemoved[0]);
        context.count("ops_removed", visitedAndRemoved[1]);
    }

    private static void sweep(Block block, long[] visitedAndRemoved) {
        for (Operation op : block.operationsReversed()) {
            visitedAndRemoved[0]++;
            if (op.isUnused() && !Blocks.hasSideEffects(op)) {
                block.erase(op);
                visitedAndRemoved[1]++;
            } else {
                for (Block nested : op.blocks()) {
                    sweep(nested, visitedAndRemoved);
                }
            }
        }
    }
}
