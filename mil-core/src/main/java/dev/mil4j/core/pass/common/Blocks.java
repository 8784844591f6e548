package dev.mil4j.core.pass.common;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Walks the blocks of a program: function bodies and every nested block, outer before inner. */
public final class Blocks {
    private Blocks() {
    }

    /** Every block of the program, each function body followed by its nested blocks (pre-order). */
    public static List<Block> all(Program program) {
        List<Block> out = new ArrayList<>();
        for (Function f : program.functions()) {
            Deque<Block> work = new ArrayDeque<>();
            work.push(f.body());
            while (!work.isEmpty()) {
                Block b = work.pop();
                out.add(b);
                if (!b.hasNestedBlocks()) {
                    continue;
                }
                List<Block> nested = new ArrayList<>();
                for (Operation op : b.operations()) {
                    if (!op.blocks().isEmpty()) {
                        nested.addAll(op.blocks());
                    }
                }
                for (int i = nested.size() - 1; i >= 0; i--) {
                    work.push(nested.get(i));
                }
            }
        }
        return out;
    }

    /** True when the op or anything nested in it has side effects. */
    static boolean hasSideEffects(Operation op) {
        if (op.def().hasSideEffects()) {
            return true;
        }
        for (Block b : op.blocks()) {
            for (Operation inner : b.operations()) {
                if (hasSideEffects(inner)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when some output of the op is returned by a block (a function output, say). */
    static boolean returnsFromBlock(Operation op) {
        for (var v : op.outputs()) {
            if (v.isBlockOutput()) {
                return true;
            }
        }
        return false;
    }
}
