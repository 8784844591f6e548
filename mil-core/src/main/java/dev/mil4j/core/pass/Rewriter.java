package dev.mil4j.core.pass;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.diag.Location;
import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.ConstOp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How passes change the IR: builders that insert ops before or after an op or at either end of a block, use
 * replacement that keeps the names of returned vars (a function's outputs are the model's interface), and erasure
 * that takes the constants only the erased op used with it (a fusion that makes new weights frees the old ones at
 * once, so a conversion never holds both for the whole model). A {@link PatternPass} hands one to each rewrite; a
 * pass that walks the program its own way takes one from {@link #of} and calls {@link #finish} at the end.
 *
 * <p>Names: an op built to replace another takes its op and output names ({@link #replaceOp}); when a returned var
 * is replaced by an existing one, the existing one takes the returned name ({@link #replace}). Types: a replacement
 * may have a more precise type than the var it replaces (a static shape where there were symbols); {@link #finish}
 * then re-infers the types downstream.
 */
public final class Rewriter {
    private final PassContext context;
    private final Set<Function> retype = Collections.newSetFromMap(new IdentityHashMap<>());
    private long removed;
    /** The op a {@link PatternPass} sweep visits next, moved on when it is erased. */
    Operation cursor;

    Rewriter(PassContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    /** A rewriter for a pass that walks the program itself; call {@link #finish} when the pass is done. */
    public static Rewriter of(PassContext context) {
        return new Rewriter(context);
    }

    /** The context of the running pass: its op registry, options and statistics. */
    public PassContext context() {
        return context;
    }

    /** A builder inserting right before {@code anchor}, at the anchor's location. */
    public Builder before(Operation anchor) {
        return Builder.before(anchor, context.registry());
    }

    /**
     * A builder inserting right after {@code anchor} (before the op that follows it now), at the anchor's
     * location; ops built one after the other stay in that order.
     */
    public Builder after(Operation anchor) {
        Block block = anchor.parent().orElseThrow(() -> new IllegalArgumentException(anchor + " is not in a block"));
        Operation next = anchor.next().orElse(null);
        Builder b = next != null ? Builder.before(next, context.registry()) : Builder.atEnd(block, context.registry());
        return b.at(anchor.location());
    }

    /** A builder inserting at the start of {@code block} (before its first op now), at an unknown location. */
    public Builder atStart(Block block) {
        Operation first = block.firstOperation().orElse(null);
        return first != null ? Builder.before(first, context.registry()).at(Location.UNKNOWN)
                : Builder.atEnd(block, context.registry());
    }

    /** A builder appending to {@code block}, at an unknown location. */
    public Builder atEnd(Block block) {
        return Builder.atEnd(block, context.registry());
    }

    /**
     * True when {@link #replace} accepts replacing {@code old} by the existing var {@code replacement}: always,
     * unless a block returns {@code old} and {@code replacement} cannot take its name (it is a function or block
     * input, or returned itself).
     */
    public boolean canReplace(Var old, Var replacement) {
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
     * (and its op, when named alike) takes {@code old}'s name. Check {@link #canReplace} first.
     *
     * <pre>
     * Given:                                   replace(%b, %a):
     *   %a = relu(x = %x)                        %a = relu(x = %x)
     *   %b = relu(x = %a)                        %b = relu(x = %a)      # now unused: erase it
     *   %c = exp(x = %b)                         %c = exp(x = %a)
     * </pre>
     *
     * @throws IllegalStateException when {@link #canReplace} is false
     */
    public void replace(Var old, Var replacement) {
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
     * Makes the uses of {@code old} by the ops after {@code anchor} (in {@code anchor}'s block, and inside their
     * nested blocks) and by that block's outputs use {@code replacement}; earlier uses stay. Names stay as they are.
     * For inserting an op between a var and its later users, such as a cast of a function input or output:
     *
     * <pre>
     * Given:                                   %m = cast(x = %mask, dtype = "bool") built at the start, then
     *   func main(%mask: bool[2]) {            replaceUsesAfter(cast, %mask, %m):
     *     %y = select(cond = %mask, ...)         %m = cast(x = %mask, dtype = "bool")
     *   } -&gt; (%y)                                %y = select(cond = %m, ...)
     * </pre>
     */
    public void replaceUsesAfter(Operation anchor, Var old, Var replacement) {
        Block block = anchor.parent().orElseThrow(() -> new IllegalArgumentException(anchor + " is not in a block"));
        if (!old.type().equals(replacement.type())) {
            retype.add(block.function());
        }
        for (Operation user : old.users()) {
            Operation outer = ancestorIn(block, user);
            if (outer != null && outer != anchor && block.isBefore(anchor, outer)) {
                user.replaceInput(old, replacement);
            }
        }
        if (old.isBlockOutput()) {
            List<Var> outputs = block.outputs();
            if (outputs.contains(old)) {
                outputs.replaceAll(v -> v == old ? replacement : v);
                block.setOutputs(outputs);
            }
            for (Operation op = anchor.next().orElse(null); op != null && old.isBlockOutput();
                    op = op.next().orElse(null)) {
                for (Block nested : op.blocks()) {
                    replaceReturned(nested, old, replacement);
                }
            }
        }
    }

    /**
     * Replaces the only output of {@code old} by {@code fresh}, the output of an op just built; that op takes
     * {@code old}'s op name and {@code fresh} its output name (so a function output keeps its name); then erases
     * {@code old} and the constants only it used.
     *
     * <pre>
     * Given:                                   %m = mul(x = %x, y = %c_inv) built before %y, then
     *   %y = real_div(x = %x, y = %c)          replaceOp(real_div, %m):
     *                                            %y = mul(x = %x, y = %c_inv)     # %c goes with the real_div
     * </pre>
     */
    public void replaceOp(Operation old, Var fresh) {
        Var out = old.output();
        Operation p = producerOf(fresh);
        noteTypeChange(out, fresh);
        String varName = out.name();
        out.replaceAllUsesWith(fresh);
        p.rename(old.name());
        fresh.rename(varName);
        if (!fresh.isConst()) {
            removed--;
        }
        erase(old);
    }

    /**
     * Replaces each output of {@code old} by the var at its index in {@code fresh}, outputs of ops just built, which
     * take the outputs' names; the op producing them takes {@code old}'s op name (when several ops produce them,
     * one constant per output say, each takes the name of the output it produces); then erases {@code old} and the
     * constants only it used.
     *
     * <pre>
     * Given:                                   %v2, %i2 = custom_topk(x = %x, k = 2) built before, then
     *   %v, %i = topk(x = %x, k = 2)           replaceOp(topk, [%v2, %i2]):
     *                                            %v, %i = custom_topk(x = %x, k = 2)
     * </pre>
     */
    public void replaceOp(Operation old, List<Var> fresh) {
        List<Var> outs = old.outputs();
        if (fresh.size() != outs.size()) {
            throw new IllegalArgumentException(old + " has " + outs.size() + " outputs, not " + fresh.size());
        }
        if (outs.size() == 1) {
            replaceOp(old, fresh.get(0));
            return;
        }
        List<Operation> producers = new ArrayList<>(fresh.size());
        for (Var v : fresh) {
            Operation p = producerOf(v);
            if (!producers.contains(p)) {
                producers.add(p);
            }
        }
        for (int i = 0; i < outs.size(); i++) {
            Var o = outs.get(i);
            Var n = fresh.get(i);
            noteTypeChange(o, n);
            String name = o.name();
            o.replaceAllUsesWith(n);
            n.rename(name);
            if (producers.size() > 1) {
                n.producer().orElseThrow().rename(name);
            }
        }
        if (producers.size() == 1) {
            producers.get(0).rename(old.name());
        }
        for (Operation p : producers) {
            if (p.def() != ConstOp.INSTANCE) {
                removed--;
            }
        }
        erase(old);
    }

    /**
     * Erases {@code op}, whose outputs must be unused, and the constants nothing uses once it is gone.
     *
     * @throws IllegalStateException when an output of {@code op} is still used
     */
    public void erase(Operation op) {
        Block block = op.parent().orElseThrow(() -> new IllegalArgumentException(op + " is not in a block"));
        List<Var> inputs = op.inputVars();
        unlink(block, op);
        if (op.def() != ConstOp.INSTANCE) {
            removed++;
        }
        for (Var v : inputs) {
            Operation p = v.producer().orElse(null);
            if (p != null && p.def() == ConstOp.INSTANCE && !v.hasUses() && p.isInBlock()) {
                unlink(p.parent().orElseThrow(), p);
            }
        }
    }

    /**
     * Erases, in the order given, each op that is unused by then: pass a matched pattern's ops users first, and
     * the ops other users still need stay.
     */
    public void eraseIfUnused(List<Operation> ops) {
        for (Operation op : ops) {
            if (op.isInBlock() && op.isUnused()) {
                erase(op);
            }
        }
    }

    /**
     * Builds, right before {@code anchor}, a copy of {@code op} (same definition, inputs and attributes, at
     * {@code op}'s location, never folded) whose inputs named in {@code rebound} are bound to those vars instead;
     * returns the copy, for {@link #replaceOp}.
     *
     * <pre>
     * Given:                                   copy(conv, {bias: %b2}, add), then replaceOp(add, copy):
     *   %c = conv(x = %x, weight = %w)           %y = conv(x = %x, weight = %w, bias = %b2)
     *   %y = add(x = %c, y = %k)
     * </pre>
     */
    public Operation copy(Operation op, Map<String, Var> rebound, Operation anchor) {
        if (!op.blocks().isEmpty()) {
            throw new IllegalArgumentException("cannot copy " + op + ", which has nested blocks");
        }
        Builder.OpBuilder ob = before(anchor).op(op.def()).location(op.location());
        for (Map.Entry<String, List<Var>> in : op.inputs().entrySet()) {
            Var override = rebound.get(in.getKey());
            ob.inputs(in.getKey(), override != null ? List.of(override) : in.getValue());
        }
        for (Map.Entry<String, Var> o : rebound.entrySet()) {
            if (!op.inputs().containsKey(o.getKey())) {
                ob.input(o.getKey(), o.getValue());
            }
        }
        op.attributes().forEach(ob::attribute);
        return ob.build();
    }

    /**
     * Re-infers the types downstream of replacements that changed a type: once, when the pass is done (a
     * {@link PatternPass} calls it for its subclasses).
     */
    public void finish() {
        for (Function f : retype) {
            Retyping.propagate(f);
        }
        retype.clear();
    }

    /** Ops erased minus ops that replaced them, constants not counted. */
    long opsRemoved() {
        return removed;
    }

    private void unlink(Block block, Operation op) {
        if (op == cursor) {
            cursor = op.next().orElse(null);
        }
        block.erase(op);
    }

    private void noteTypeChange(Var old, Var replacement) {
        if (!old.type().equals(replacement.type())) {
            old.producer().or(replacement::producer).flatMap(Operation::parent)
                    .ifPresent(b -> retype.add(b.function()));
        }
    }

    private static Operation producerOf(Var fresh) {
        return fresh.producer().orElseThrow(() -> new IllegalArgumentException(
                fresh + " is not the output of an op; use replace for an existing var"));
    }

    /** The op of {@code block} that is {@code op} or holds it in a nested block; null when there is none. */
    private static Operation ancestorIn(Block block, Operation op) {
        Operation cur = op;
        while (cur != null) {
            Block parent = cur.parent().orElse(null);
            if (parent == null) {
                return null;
            }
            if (parent == block) {
                return cur;
            }
            cur = parent.parentOp().orElse(null);
        }
        return null;
    }

    private static void replaceReturned(Block block, Var old, Var replacement) {
        List<Var> outputs = block.outputs();
        if (outputs.contains(old)) {
            outputs.replaceAll(v -> v == old ? replacement : v);
            block.setOutputs(outputs);
        }
        if (block.hasNestedBlocks()) {
            for (Operation op : block.operations()) {
                for (Block nested : op.blocks()) {
                    replaceReturned(nested, old, replacement);
                }
            }
        }
    }
}
