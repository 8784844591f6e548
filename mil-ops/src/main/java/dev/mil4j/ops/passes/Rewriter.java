package dev.mil4j.ops.passes;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.types.TypeMatcher;
import dev.mil4j.core.types.ValueType;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The only way the op-specific passes change the IR: builders placed before an anchor op, use replacement that keeps
 * the names of block outputs (a function's interface), erasure of dead pattern ops, and the pass statistics
 * ({@code patterns_matched}, {@code ops_removed}: ops erased minus ops inserted, constants not counted).
 *
 * <p>Naming and locations: an op built to replace {@code old} takes {@code old}'s op and output names, so a function
 * output keeps its name; its location is chosen by the caller (see {@link #rebuild}). When a var returned by a block
 * is replaced by an existing var, the existing var is renamed to the returned var's name; this is refused when the
 * existing var is itself a block or function input, or already returned under another name.
 */
final class Rewriter {
    private final PassContext context;
    private long matched;
    private long removed;
    private final Set<Function> retype = Collections.newSetFromMap(new IdentityHashMap<>());

    Rewriter(PassContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    PassContext context() {
        return context;
    }

    /** A builder inserting before {@code anchor}, at the anchor's location. */
    Builder before(Operation anchor) {
        return Builder.before(anchor, context.registry());
    }

    /** Records one matched pattern. */
    void matched() {
        matched++;
    }

    /** True when {@link #replace} would accept replacing {@code old} by the existing var {@code replacement}. */
    static boolean canReplace(Var old, Var replacement) {
        if (old == replacement) {
            return false;
        }
        if (!old.isBlockOutput()) {
            return true;
        }
        return replacement.producer().isPresent() && !replacement.isBlockOutput();
    }

    /**
     * Makes every use of {@code old} use {@code replacement}; when a block returns {@code old}, {@code replacement}
     * takes its name. Call {@link #canReplace} first.
     */
    void replace(Var old, Var replacement) {
        if (!canReplace(old, replacement)) {
            throw new IllegalStateException("cannot replace " + old + " by " + replacement);
        }
        noteTypeChange(old, replacement);
        boolean returned = old.isBlockOutput();
        String name = old.name();
        old.replaceAllUsesWith(replacement);
        if (returned) {
            Operation p = replacement.producer().orElseThrow();
            if (p.name().equals(replacement.name())) {
                p.rename(name);
            }
            replacement.rename(name);
        }
    }

    /**
     * Replaces the only output of {@code old} by {@code fresh}, the output of an op just built, which takes
     * {@code old}'s op and output names; then erases {@code old}.
     */
    void replaceOp(Operation old, Var fresh) {
        Var out = old.output();
        noteTypeChange(out, fresh);
        String varName = out.name();
        out.replaceAllUsesWith(fresh);
        fresh.producer().orElseThrow().rename(old.name());
        fresh.rename(varName);
        if (!fresh.isConst()) {
            removed--;
        }
        erase(old);
    }

    /**
     * Erases {@code op}, which must be unused, and the constants only it used: a rewrite that replaces weights (a
     * transposed or fused copy) frees the old ones at once instead of at the next dead-code elimination, so a
     * conversion never holds both for the whole model.
     */
    void erase(Operation op) {
        List<Var> inputs = op.inputVars();
        op.parent().orElseThrow().erase(op);
        if (op.def() != ConstOp.INSTANCE) {
            removed++;
        }
        eraseDeadConstants(inputs);
    }

    /** Erases the producers of {@code vars} that are constants nothing uses any more. */
    static void eraseDeadConstants(List<Var> vars) {
        for (Var v : vars) {
            Operation p = v.producer().orElse(null);
            if (p != null && p.def() == ConstOp.INSTANCE && p.isInBlock() && !v.hasUses()) {
                p.parent().orElseThrow().erase(p);
            }
        }
    }

    /** Erases, in the order given (users before producers), the ops that are unused by then. */
    void eraseIfDead(List<Operation> ops) {
        for (Operation op : ops) {
            if (op.isInBlock() && op.isUnused()) {
                erase(op);
            }
        }
    }

    /**
     * Builds, before {@code anchor}, a copy of {@code op} (same definition, inputs, attributes) with some inputs
     * rebound by {@code overrides}, at {@code op}'s location; returns the new op (never folded).
     */
    Operation rebuild(Operation op, Operation anchor, Map<String, Var> overrides) {
        if (!op.blocks().isEmpty()) {
            throw new IllegalArgumentException("cannot rebuild " + op + ", which has nested blocks");
        }
        Builder.OpBuilder ob = before(anchor).op(op.def()).location(op.location());
        for (Map.Entry<String, List<Var>> in : op.inputs().entrySet()) {
            Var override = overrides.get(in.getKey());
            ob.inputs(in.getKey(), override != null ? List.of(override) : in.getValue());
        }
        for (Map.Entry<String, Var> o : overrides.entrySet()) {
            if (!op.inputs().containsKey(o.getKey())) {
                ob.input(o.getKey(), o.getValue());
            }
        }
        op.attributes().forEach(ob::attribute);
        return ob.build();
    }

    private void noteTypeChange(Var old, Var replacement) {
        if (!old.type().equals(replacement.type())) {
            Block b = old.producer().flatMap(Operation::parent).orElse(null);
            if (b != null) {
                retype.add(b.function());
            }
        }
    }

    /** Re-infers the types downstream of replacements that changed a type, then records the statistics. */
    void finish() {
        for (Function f : retype) {
            Retyping.propagate(f);
        }
        context.count("patterns_matched", matched);
        context.count("ops_removed", removed);
    }

    /** True when the types inferred now for {@code op} match its outputs (modulo symbols it mints). */
    static boolean typesMatch(Operation op, List<ValueType> inferred, Set<dev.mil4j.core.types.Dim> minted) {
        return TypeMatcher.matches(inferred, op.outputs().stream().map(Var::type).toList(), minted);
    }
}
