package dev.mil4j.core.pass;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.TypeMatcher;
import dev.mil4j.core.types.ValueType;
import java.util.List;

/**
 * Re-infers output types after a rewrite made a type more precise (a reshape to a resolved shape has static dims
 * where the old one had run-time symbols): one forward sweep over a function, nested blocks before the op holding
 * them, setting an output's type only where inference no longer matches it (modulo symbols the op mints).
 */
final class Retyping {
    private Retyping() {
    }

    static void propagate(Function f) {
        block(f.body());
    }

    private static void block(Block b) {
        for (Operation op : b.operations()) {
            for (Block nested : op.blocks()) {
                block(nested);
            }
            if (op.outputs().isEmpty()) {
                continue;
            }
            List<ValueType> inferred;
            InferenceContext ctx = op.inferenceContext();
            try {
                op.def().validate(ctx);
                inferred = op.def().inferTypes(ctx);
            } catch (TypeException e) {
                continue; // the verifier names it
            }
            List<ValueType> current = op.outputs().stream().map(Var::type).toList();
            if (inferred.size() == current.size() && !TypeMatcher.matches(inferred, current, ctx.mintedSymbols())) {
                for (int i = 0; i < inferred.size(); i++) {
                    op.output(i).setType(inferred.get(i));
                }
            }
        }
    }
}
