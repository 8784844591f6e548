package dev.mil4j.core.pass.common;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Function;
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
            List<Var> vars = new ArrayList<>(f.inputs());
            List<Operation> ops = new ArrayList<>();
            collect(f.body(), vars, ops);
            boolean[] namedLikeOutput = new boolean[ops.size()];
            for (int i = 0; i < ops.size(); i++) {
                Operation op = ops.get(i);
                namedLikeOutput[i] = !op.outputs().isEmpty() && op.outputs().get(0).name().equals(op.name());
            }
            Set<String> used = new HashSet<>((int) (vars.size() / 0.75f) + 1);
            boolean[] kept = new boolean[vars.size()];
            for (int i = 0; i < kept.length; i++) {
                String name = vars.get(i).name();
                kept[i] = isValid(name) && used.add(name);
            }
            for (int i = 0; i < kept.length; i++) {
                Var v = vars.get(i);
                if (!kept[i]) {
                    String name = unique(sanitize(v.name()), used);
                    f.reserveName(name);
                    v.rename(name);
                    renamed++;
                }
            }
            for (int i = 0; i < ops.size(); i++) {
                Operation op = ops.get(i);
                String name = namedLikeOutput[i] ? op.outputs().get(0).name() : sanitize(op.name());
                if (!name.equals(op.name())) {
                    op.rename(name);
                    if (!namedLikeOutput[i]) {
                        renamed++;
                    }
                }
            }
        }
        context.count("names_changed", renamed);
    }

    /** Block inputs and op outputs in program order, and the ops, nested blocks included. */
    private static void collect(Block b, List<Var> vars, List<Operation> ops) {
        for (Operation op : b.operations()) {
            for (Block nested : op.blocks()) {
                vars.addAll(nested.inputs());
                collect(nested, vars, ops);
            }
            for (Var v : op.outputs()) {
                vars.add(v);
            }
            ops.add(op);
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

    /** {@code [A-Za-z_][A-Za-z0-9_]*}, checked without allocating (this runs once per var). */
    static boolean isValid(String name) {
        if (name.isEmpty() || (name.charAt(0) >= '0' && name.charAt(0) <= '9')) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Replaces characters outside {@code [A-Za-z0-9_]} by {@code _}; prefixes a leading digit with {@code _}. */
    static String sanitize(String name) {
        if (name.isEmpty()) {
            return "_";
        }
        StringBuilder sb = new StringBuilder(name.length() + 1);
        if (name.charAt(0) >= '0' && name.charAt(0) <= '9') {
            sb.append('_');
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }
}
