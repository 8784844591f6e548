package dev.mil4j.core.pass.common;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Identifiers;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code common::sanitize_names}: makes every var and op name a valid identifier ({@code [A-Za-z_][A-Za-z0-9_]*}),
 * with var names unique in their function, as Core ML requires. Names that are already valid and unique are kept
 * (function inputs and outputs included); the others have their other characters replaced by {@code _}, a leading
 * digit prefixed with {@code _}, and the first free suffix {@code _1}, {@code _2}, ... when taken. An op named like
 * its first output follows that output's new name.
 *
 * <pre>
 * Given:
 *   func main(%"input:0": fp32[2]) {
 *     %"dense/Relu": fp32[2] = relu(x = %"input:0")
 *     %dense_Relu: fp32[2] = relu(x = %"dense/Relu")
 *   } -&gt; (%dense_Relu)
 * Result:
 *   func main(%input_0: fp32[2]) {
 *     %dense_Relu_1: fp32[2] = relu(x = %input_0)
 *     %dense_Relu: fp32[2] = relu(x = %dense_Relu_1)
 *   } -&gt; (%dense_Relu)
 * </pre>
 */
public final class SanitizeNamesPass implements Pass {
    public static final String ID = "common::sanitize_names";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "make var and op names valid identifiers, var names unique";
    }

    @Override
    public void run(Program program, PassContext context) {
        long renamed = 0;
        for (Function f : program.functions()) {
            // about one var per op: sized so that the set is not rebuilt as it grows
            Sweep sweep = new Sweep((int) ((f.inputs().size() + f.body().size()) / 0.75f) + 16);
            for (Var in : f.inputs()) {
                sweep.var(in);
            }
            sweep.block(f.body());
            for (Var v : sweep.renamedVars) {
                String name = unique(sanitize(v.name()), sweep.used);
                f.reserveName(name);
                v.rename(name);
                renamed++;
            }
            for (Operation op : sweep.followers) {
                op.rename(op.output(0).name());
            }
            for (Operation op : sweep.renamedOps) {
                op.rename(sanitize(op.name()));
                renamed++;
            }
        }
        context.count("names_changed", renamed);
    }

    /**
     * One walk over a function in program order (block inputs, then op outputs, nested blocks first), deciding what
     * changes: a var keeps its name when it is valid and the first with it; an op named like its first output follows
     * that output when it is renamed; another op is renamed when its name is not valid. One walk, not one per
     * question: in a large program every walk over the ops is a cache miss per op.
     */
    private static final class Sweep {
        final Set<String> used;
        final List<Var> renamedVars = new ArrayList<>();
        final List<Operation> followers = new ArrayList<>();
        final List<Operation> renamedOps = new ArrayList<>();

        Sweep(int capacity) {
            used = new HashSet<>(capacity);
        }

        /** Whether {@code v} keeps its name. */
        boolean var(Var v) {
            String name = v.name();
            if (isValid(name) && used.add(name)) {
                return true;
            }
            renamedVars.add(v);
            return false;
        }

        void block(Block b) {
            for (Operation op : b.operations()) {
                for (Block nested : op.blocks()) {
                    for (Var in : nested.inputs()) {
                        var(in);
                    }
                    block(nested);
                }
                List<Var> outputs = op.outputs();
                boolean namedLikeOutput = !outputs.isEmpty() && outputs.get(0).name().equals(op.name());
                for (int i = 0; i < outputs.size(); i++) {
                    boolean kept = var(outputs.get(i));
                    if (i == 0 && namedLikeOutput && !kept) {
                        followers.add(op);
                    }
                }
                if (!namedLikeOutput && !isValid(op.name())) {
                    renamedOps.add(op);
                }
            }
        }
    }

    private static String unique(String base, Set<String> used) {
        if (used.add(base)) {
            return base;
        }
        for (int i = 1; ; i++) {
            String candidate = base + "_" + i;
            if (used.add(candidate)) {
                return candidate;
            }
        }
    }

    static boolean isValid(String name) {
        return Identifiers.isValid(name);
    }

    static String sanitize(String name) {
        return Identifiers.sanitize(name);
    }
}
