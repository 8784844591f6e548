package dev.mil4j.core.pass.common;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.SymbolicFolding;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code common::const_elimination}: replaces every operation whose outputs value inference can compute (all inputs
 * const, or, for ops like {@code shape}, a static input shape), or whose symbolic value has no symbol left (see
 * {@link SymbolicFolding}), by constants with the same names and location. Compressed constants
 * ({@link dev.mil4j.core.op.OpDef#isConstexpr() constexpr} ops) stay compressed. A
 * forward sweep folds whole chains, since a folded op's users see constant inputs when they are visited.
 *
 * <pre>
 * Given:
 *   %a = const() {val = fp32[2] [1.0, 2.0]}
 *   %b = add(x = %a, y = %a)
 *   %c = mul(x = %x, y = %b)
 * Result:
 *   %b = const() {val = fp32[2] [2.0, 4.0]}
 *   %c = mul(x = %x, y = %b)
 * </pre>
 */
public final class ConstEliminationPass implements Pass {
    public static final String ID = "common::const_elimination";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "fold operations whose outputs value inference can compute into constants";
    }

    /**
     * A forward sweep like a {@link dev.mil4j.core.pass.PatternPass}'s, but through the block's own edits rather than
     * the {@link dev.mil4j.core.pass.Rewriter}: the rewriter's erasure would take the folded ops' constant inputs at
     * once, which this pass leaves to {@code common::dead_code_elimination} (its golden file shows them kept).
     */
    @Override
    public void run(Program program, PassContext context) {
        long folded = 0;
        for (Block block : Blocks.all(program)) {
            for (Operation op : block.operations()) {
                if (op.def() == ConstOp.INSTANCE || !op.blocks().isEmpty() || op.def().hasSideEffects()
                        || op.def().isConstexpr()) {
                    continue;
                }
                boolean symbolic = op.outputs().size() == 1 && SymbolicFolding.applies(List.of(op.output().type()));
                if (!op.def().hasValueInference() && !symbolic) {
                    continue;
                }
                InferenceContext ctx = op.inferenceContext();
                Optional<List<TensorValue>> values;
                try {
                    values = op.def().hasValueInference() ? op.def().inferValues(ctx) : Optional.empty();
                } catch (TypeException e) {
                    continue; // the verifier reports invalid ops; folding just leaves them alone
                }
                if (values.isEmpty() && symbolic) {
                    values = SymbolicFolding.value(op.def(), List.of(op.output().type()), ctx);
                }
                if (values.isPresent() && values.get().size() == op.outputs().size()) {
                    replace(op, values.get(), context);
                    folded++;
                }
            }
        }
        context.count("ops_folded", folded);
    }

    private static void replace(Operation op, List<TensorValue> values, PassContext context) {
        Builder b = Builder.before(op, context.registry());
        Block block = op.parent().orElseThrow();
        String opName = op.name();
        for (int i = 0; i < values.size(); i++) {
            Var old = op.output(i);
            Var c = b.constant(values.get(i));
            old.replaceAllUsesWith(c);
            String name = old.name();
            c.rename(name);
            c.producer().orElseThrow().rename(i == 0 && values.size() == 1 ? opName : name);
        }
        block.erase(op);
    }
}
