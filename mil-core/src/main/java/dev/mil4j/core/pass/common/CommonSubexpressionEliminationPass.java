package dev.mil4j.core.pass.common;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code common::common_subexpression_elimination}: an operation that computes what an earlier one in the same block
 * computes (same op, same input vars, same attributes and output types) is replaced by it. One forward sweep with a
 * hash table per block: linear time. Constants are left to {@code common::const_deduplication}; ops with nested
 * blocks or side effects, and ops whose outputs a block returns (their names are the model's interface), stay.
 *
 * <pre>
 * Given:
 *   %a = relu(x = %x)
 *   %b = relu(x = %x)
 *   %c = add(x = %a, y = %b)
 * Result:
 *   %a = relu(x = %x)
 *   %c = add(x = %a, y = %a)
 * </pre>
 */
public final class CommonSubexpressionEliminationPass implements Pass {
    public static final String ID = "common::common_subexpression_elimination";

    private record Key(OpDef def, Map<String, List<Var>> inputs, Map<String, TensorValue> attributes,
            List<ValueType> outputTypes) {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "replace operations that repeat an earlier computation by its result";
    }

    @Override
    public void run(Program program, PassContext context) {
        long removed = 0;
        long visited = 0;
        for (Block block : Blocks.all(program)) {
            Map<Key, Operation> seen = new HashMap<>();
            for (Operation op : block.operations()) {
                visited++;
                if (op.def() == ConstOp.INSTANCE || !op.blocks().isEmpty() || op.def().hasSideEffects()) {
                    continue;
                }
                Key key = new Key(op.def(), op.inputs(), op.attributes(),
                        op.outputs().stream().map(Var::type).toList());
                Operation first = seen.putIfAbsent(key, op);
                if (first != null && !Blocks.returnsFromBlock(op)) {
                    for (int i = 0; i < op.outputs().size(); i++) {
                        op.output(i).replaceAllUsesWith(first.output(i));
                    }
                    block.erase(op);
                    removed++;
                }
            }
        }
        context.count("ops_visited", visited);
        context.count("ops_removed", removed);
    }
}
