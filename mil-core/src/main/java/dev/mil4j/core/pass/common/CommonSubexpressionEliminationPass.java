package dev.mil4j.core.pass.common;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code common::common_subexpression_elimination}: an operation that computes what an earlier one in the same block
 * computes (same op, same input vars, same attributes and output types) is replaced by it. One forward sweep with a
 * hash table per block, holding only ops whose every input is used elsewhere too (a repeat uses all of them): linear
 * time. Constants are left to {@code common::const_deduplication}; ops with nested blocks or side effects, and ops
 * whose outputs a block returns (their names are the model's interface), stay.
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
        Rewriter rw = Rewriter.of(context);
        long removed = 0;
        long visited = 0;
        for (Block block : Blocks.all(program)) {
            Map<Key, Operation> seen = new HashMap<>();
            for (Operation op : block.operations()) {
                visited++;
                if (!candidate(op)) {
                    continue;
                }
                Operation first = seen.putIfAbsent(key(op), op);
                if (first != null && !Blocks.returnsFromBlock(op)) {
                    for (int i = 0; i < op.outputs().size(); i++) {
                        Var kept = first.output(i);
                        rw.replace(op.output(i), kept);
                        // users of the kept output visited while it had one use were not hashed: now they may be
                        // repeated by ops to come, so they join the table
                        for (Operation user : kept.users()) {
                            if (user.parent().orElse(null) == block && block.isBefore(user, op) && candidate(user)) {
                                seen.putIfAbsent(key(user), user);
                            }
                        }
                    }
                    rw.erase(op);
                    removed++;
                }
            }
        }
        rw.finish();
        context.count("ops_visited", visited);
        context.count("ops_removed", removed);
    }

    private static boolean candidate(Operation op) {
        if (op.def() == ConstOp.INSTANCE || !op.blocks().isEmpty() || op.def().hasSideEffects()) {
            return false;
        }
        // an op that repeats another uses all of its inputs too, so one used only here rules that out without
        // hashing (most ops of a chain; in a large program each hash lookup is a cache miss)
        return !op.anyInputVar(v -> v.useCount() < 2);
    }

    private static Key key(Operation op) {
        return new Key(op.def(), op.inputs(), op.attributes(), op.outputs().stream().map(Var::type).toList());
    }
}
