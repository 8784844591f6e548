package dev.mil4j.core.pass.common;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code common::topological_reorder}: sorts each block so that every operation comes after the operations whose
 * outputs it uses (directly, or inside its nested blocks), keeping the existing order wherever it is already valid
 * (a stable, iterative depth-first sort: linear time, no recursion limit). Rewrites that append an op after its
 * users are repaired by this pass; a cycle is reported with the ops on it.
 *
 * <pre>
 * Given:
 *   %b = relu(x = %a)
 *   %a = exp(x = %x)
 * Result:
 *   %a = exp(x = %x)
 *   %b = relu(x = %a)
 * </pre>
 */
public final class TopologicalReorderPass implements Pass {
    public static final String ID = "common::topological_reorder";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "order each block so that every op follows its producers (stable)";
    }

    @Override
    public void run(Program program, PassContext context) {
        long moved = 0;
        for (Block block : Blocks.all(program)) {
            moved += sort(block);
        }
        context.count("ops_moved", moved);
    }

    /** True when every op comes after the ops of the block it uses (the usual case: nothing to sort). */
    private static boolean isSorted(Block block) {
        for (Operation op : block.operations()) {
            for (Var in : op.inputVars()) {
                Operation p = in.producer().orElse(null);
                if (p != null && p.parent().orElse(null) == block && !block.isBefore(p, op)) {
                    return false;
                }
            }
            if (!op.blocks().isEmpty()) {
                for (Operation p : producersIn(block, op)) {
                    if (!block.isBefore(p, op)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static long sort(Block block) {
        if (isSorted(block)) {
            return 0;
        }
        List<Operation> original = block.operationList();
        Map<Operation, Integer> state = new IdentityHashMap<>(); // absent: new, 1: on stack, 2: placed
        List<Operation> order = new ArrayList<>(original.size());
        // one stack for the whole block: it is empty again after each root
        Deque<Operation> stack = new ArrayDeque<>();
        Deque<Integer> cursor = new ArrayDeque<>();
        Map<Operation, List<Operation>> depsCache = new IdentityHashMap<>();
        for (Operation root : original) {
            if (state.containsKey(root)) {
                continue;
            }
            stack.push(root);
            cursor.push(0);
            state.put(root, 1);
            while (!stack.isEmpty()) {
                Operation op = stack.peek();
                List<Operation> deps = depsCache.computeIfAbsent(op, o -> producersIn(block, o));
                int i = cursor.pop();
                if (i < deps.size()) {
                    cursor.push(i + 1);
                    Operation dep = deps.get(i);
                    Integer s = state.get(dep);
                    if (s == null) {
                        state.put(dep, 1);
                        stack.push(dep);
                        cursor.push(0);
                    } else if (s == 1) {
                        throw new ConversionException(Diagnostic.error("the operations form a cycle through "
                                + dep + " and " + op).at(op.location()).forOp(op.name(), op.type()));
                    }
                } else {
                    stack.pop();
                    depsCache.remove(op);
                    state.put(op, 2);
                    order.add(op);
                }
            }
        }
        long moved = 0;
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i) != original.get(i)) {
                moved++;
            }
        }
        if (moved > 0) {
            for (Operation op : order) {
                block.move(op, Optional.empty());
            }
        }
        return moved;
    }

    /** The ops of {@code block} whose outputs {@code op} uses, itself or in its nested blocks. */
    private static List<Operation> producersIn(Block block, Operation op) {
        List<Operation> out = new ArrayList<>();
        collect(block, op, out);
        return out.isEmpty() ? Collections.emptyList() : out;
    }

    private static void collect(Block block, Operation op, List<Operation> out) {
        for (Var in : op.inputVars()) {
            in.producer().filter(p -> p.parent().orElse(null) == block).ifPresent(out::add);
        }
        for (Block nested : op.blocks()) {
            for (Operation inner : nested.operations()) {
                collect(block, inner, out);
            }
            for (Var o : nested.outputs()) {
                o.producer().filter(p -> p.parent().orElse(null) == block).ifPresent(out::add);
            }
        }
    }
}
