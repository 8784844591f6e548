package dev.mil4j.core.ir;

import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Checks a program's invariants and reports every violation: SSA (each var defined once, names unique within a
 * function), dimension ranges only for symbols of the inputs, every use defined before it in an enclosing scope, use
 * lists consistent with the operations, inputs valid for each op's specification, and output types equal to freshly
 * inferred ones.
 */
public final class Verifier {
    private Verifier() {
    }

    /** All problems found; empty when the program is valid. */
    public static List<Diagnostic> verify(Program program) {
        List<Diagnostic> out = new ArrayList<>();
        for (Function f : program.functions()) {
            verify(f, out);
        }
        return out;
    }

    public static List<Diagnostic> verify(Function function) {
        List<Diagnostic> out = new ArrayList<>();
        verify(function, out);
        return out;
    }

    private static void verify(Function f, List<Diagnostic> out) {
        Set<Var> defined = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<String> names = new HashSet<>();
        for (Var in : f.inputs()) {
            define(in, defined, names, "function `" + f.name() + "` input", out);
        }
        for (String symbol : f.dimBounds().keySet()) {
            if (!f.isInputSymbol(symbol)) {
                out.add(Diagnostic.error("function `" + f.name() + "` gives dimension " + symbol + " a range, but no"
                        + " input has that dimension"));
            }
        }
        block(f.body(), defined, names, "function `" + f.name() + "`", out);
    }

    private static void block(Block b, Set<Var> defined, Set<String> names, String where, List<Diagnostic> out) {
        List<Var> local = new ArrayList<>();
        for (Var in : b.inputs()) {
            if (b.parentOp().isPresent()) {
                define(in, defined, names, where + " block input", out);
                local.add(in);
            }
        }
        for (Operation op : b.operations()) {
            if (op.parent().orElse(null) != b) {
                out.add(Diagnostic.error(op + " has a wrong parent block").forOp(op.name(), op.type()));
            }
            for (Var in : op.inputVars()) {
                if (in == null || !defined.contains(in)) {
                    out.add(Diagnostic.error("`" + op.type() + "` uses %" + (in == null ? "?" : in.name())
                            + ", which is not defined before it").at(op.location()).forOp(op.name(), op.type()));
                }
            }
            if (!op.usesAreConsistent()) {
                out.add(Diagnostic.error("the use lists of the inputs of " + op + " are inconsistent")
                        .at(op.location()).forOp(op.name(), op.type()));
            }
            checkTypes(op, out);
            for (Block nested : op.blocks()) {
                if (nested.parentOp().orElse(null) != op) {
                    out.add(Diagnostic.error("a nested block of " + op + " has a wrong parent")
                            .forOp(op.name(), op.type()));
                }
                block(nested, defined, names, op.toString(), out);
            }
            for (Var v : op.outputs()) {
                define(v, defined, names, op.toString(), out);
                local.add(v);
                if (v.producer().orElse(null) != op) {
                    out.add(Diagnostic.error("output %" + v.name() + " of " + op + " names another producer")
                            .forOp(op.name(), op.type()));
                }
            }
        }
        for (Var o : b.outputs()) {
            if (o == null || !defined.contains(o)) {
                out.add(Diagnostic.error(where + " returns %" + (o == null ? "?" : o.name())
                        + ", which is not defined in its scope"));
            }
        }
        if (!b.outputUsesAreConsistent()) {
            out.add(Diagnostic.error("the use lists of the outputs of " + where + " are inconsistent"));
        }
        if (b.parentOp().isPresent()) {
            defined.removeAll(local); // nested scopes end with their block
        }
    }

    private static void define(Var v, Set<Var> defined, Set<String> names, String where, List<Diagnostic> out) {
        if (!defined.add(v)) {
            out.add(Diagnostic.error("%" + v.name() + " is defined twice (" + where + ")"));
        }
        if (!names.add(v.name())) {
            out.add(Diagnostic.error("the name %" + v.name() + " is used by two vars (" + where + ")")
                    .withHint("run the pass common::sanitize_names"));
        }
    }

    private static void checkTypes(Operation op, List<Diagnostic> out) {
        try {
            var ctx = op.inferenceContext();
            op.def().validate(ctx);
            if (op.def().blockCount() != op.blocks().size()) {
                throw new TypeException("takes " + op.def().blockCount() + " nested blocks, has "
                        + op.blocks().size());
            }
            List<ValueType> inferred = op.def().inferTypes(ctx);
            List<ValueType> actual = op.outputs().stream().map(Var::type).toList();
            if (!dev.mil4j.core.types.TypeMatcher.matches(inferred, actual, ctx.mintedSymbols())) {
                out.add(Diagnostic.error("`" + op.type() + "` outputs have types " + actual
                        + ", but its inputs give " + inferred).at(op.location()).forOp(op.name(), op.type()));
            }
        } catch (TypeException e) {
            out.add(Diagnostic.error(e.describe(op.type())).at(op.location()).forOp(op.name(), op.type()));
        }
    }
}
