package dev.mil4j.frontend.pytorch.graph;

import dev.mil4j.core.diag.Location;
import dev.mil4j.frontend.pytorch.script.Expr;
import dev.mil4j.frontend.pytorch.script.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Control flow whose conditions or trip counts depend on tensor values, which the converted model must run: an
 * {@code if} becomes a {@code prim::If} node with a block per branch, whose outputs are the names either branch
 * rebinds; {@code while} loops and {@code for} loops over a {@code range} with a tensor bound become a
 * {@code prim::Loop} node whose inputs are the values it carries (the names its body rebinds that exist before it;
 * a {@code for} loop carries its counter first), with a condition block and a body block over them.
 *
 * <p>Branches and bodies must fall through: {@code return}, {@code break} and {@code continue} in them are refused
 * (TorchScript's printed code has none there; it rewrites early exits into flags). A branch that raises (a check
 * such as {@code if torch.ne(torch.dim(x), 4): ops.prim.RaiseException(...)}, or an {@code assert} on a tensor value)
 * becomes a guard: a {@code prim::If} without outputs whose raising block holds one {@code prim::RaiseException}
 * with the message, followed by the other branch's nodes inline. The translation decides the guard when its
 * condition is known for the model's input shapes, and otherwise leaves the check out, as Core ML cannot raise.
 */
final class ControlFlow {
    private static final String HINT = "trace the model (torch.jit.trace) with a representative input, or rewrite the "
            + "code so branches and loop bodies fall through";

    private ControlFlow() {
    }

    /** A branch run into its own node list: its nodes, and the exception it raises, if it does. */
    private record Branch(List<TorchNode> nodes, ScriptRaise raised) {
    }

    static void tensorIf(GraphBuilder g, Frame f, Stmt.If s, TorchValue cond) {
        Map<String, Object> before = new HashMap<>(f.locals);
        Map<Object, Object> contents = contents(before);
        Branch then = branch(g, f, s.body(), s.line());
        if (then.raised() == null) {
            unchanged(g, f, before, contents, s.line());
        }
        Map<String, Object> thenLocals = reset(f, before);
        Branch otherwise = branch(g, f, s.orElse(), s.line());
        if (otherwise.raised() == null) {
            unchanged(g, f, before, contents, s.line());
        }
        Map<String, Object> elseLocals = reset(f, before);
        if (then.raised() != null || otherwise.raised() != null) {
            if (then.raised() != null && otherwise.raised() != null) {
                throw then.raised(); // both paths raise
            }
            boolean thenRaises = then.raised() != null;
            guard(g, f, cond, thenRaises, thenRaises ? then.raised() : otherwise.raised(), s.line());
            for (TorchNode n : thenRaises ? otherwise.nodes() : then.nodes()) {
                g.add(n);
            }
            f.locals.putAll(thenRaises ? elseLocals : thenLocals);
            return;
        }
        List<TorchNode> thenNodes = then.nodes();
        List<TorchNode> elseNodes = otherwise.nodes();
        List<String> names = new ArrayList<>();
        List<TorchValue> thenOut = new ArrayList<>();
        List<TorchValue> elseOut = new ArrayList<>();
        for (String name : new TreeSet<>(thenLocals.keySet())) {
            Object t = thenLocals.get(name);
            Object e = elseLocals.get(name);
            if (e == null) {
                continue; // bound on one path only: not defined after the if
            }
            if (Objects.equals(t, e)) {
                f.locals.put(name, t);
                continue;
            }
            names.add(name);
            thenOut.add(carried(g, f, name, t, s.line()));
            elseOut.add(carried(g, f, name, e, s.line()));
        }
        List<String> outs = new ArrayList<>();
        for (String name : names) {
            String out = g.claim(name);
            outs.add(out);
            f.locals.put(name, new TorchValue.Ref(out));
        }
        g.add(new TorchNode("prim::If", List.of(cond), Map.of(), outs, where(f, "prim::If", s.line()),
                List.of(new TorchBlock(List.of(), thenNodes, thenOut), new TorchBlock(List.of(), elseNodes,
                        elseOut))));
    }

    /**
     * A check on a tensor value: a {@code prim::If} without outputs whose branch taken when {@code cond} is
     * {@code raisesWhen} raises {@code raised}, the other empty.
     */
    static void guard(GraphBuilder g, Frame f, TorchValue cond, boolean raisesWhen, ScriptRaise raised, int line) {
        TorchNode raise = new TorchNode("prim::RaiseException", List.of(TorchValue.of(raised.getMessage())),
                Map.of(), List.of(), new Location("torch", "prim::RaiseException", raised.location().scope(),
                        raised.location().file(), raised.location().line()));
        TorchBlock raising = new TorchBlock(List.of(), List.of(raise), List.of());
        TorchBlock passing = new TorchBlock(List.of(), List.of(), List.of());
        g.add(new TorchNode("prim::If", List.of(cond), Map.of(), List.of(), where(f, "prim::If", line),
                raisesWhen ? List.of(raising, passing) : List.of(passing, raising)));
    }

    static void tensorWhile(GraphBuilder g, Frame f, Stmt.While s) {
        List<String> carried = carriedNames(f, s.body(), Set.of());
        Map<String, Object> before = new HashMap<>(f.locals);
        List<TorchValue> init = new ArrayList<>();
        for (String name : carried) {
            init.add(carried(g, f, name, before.get(name), s.line()));
        }
        List<String> condIn = bindInputs(g, f, carried);
        List<TorchNode> outer = g.startBlock();
        TorchValue cond = g.asValue(g.eval(f, s.cond(), 1), f.file, s.line(), f.self.path());
        List<TorchNode> condNodes = g.endBlock(outer, f);
        reset(f, before);
        List<String> bodyIn = bindInputs(g, f, carried);
        Map<Object, Object> contents = contents(before);
        List<TorchNode> bodyNodes = block(g, f, s.body(), "a `while` loop whose condition depends on tensor values",
                s.line());
        unchanged(g, f, before, contents, s.line());
        List<TorchValue> next = new ArrayList<>();
        for (String name : carried) {
            next.add(carried(g, f, name, f.locals.get(name), s.line()));
        }
        reset(f, before);
        finish(g, f, "prim::Loop", s.line(), carried, init, new TorchBlock(condIn, condNodes, List.of(cond)),
                new TorchBlock(bodyIn, bodyNodes, next));
    }

    static void tensorFor(GraphBuilder g, Frame f, Stmt.For s, TorchValue start, TorchValue stop, long step) {
        if (!(s.target() instanceof Expr.Name target)) {
            throw g.fail(f, s.line(), "a loop over a range with a tensor bound must bind one name", HINT);
        }
        List<String> carried = carriedNames(f, s.body(), Set.of(target.id()));
        Map<String, Object> before = new HashMap<>(f.locals);
        List<TorchValue> init = new ArrayList<>();
        init.add(start);
        for (String name : carried) {
            init.add(carried(g, f, name, before.get(name), s.line()));
        }
        List<String> all = new ArrayList<>();
        all.add(target.id());
        all.addAll(carried);
        // condition: counter < stop (> for a negative step)
        List<String> condIn = bindInputs(g, f, all);
        List<TorchNode> outer = g.startBlock();
        Object more = g.node(f, step > 0 ? "aten::lt" : "aten::gt", List.of(new TorchValue.Ref(condIn.get(0)), stop),
                Map.of(), 1, List.of("more"), s.line());
        List<TorchNode> condNodes = g.endBlock(outer, f);
        reset(f, before);
        // body, then counter + step
        List<String> bodyIn = bindInputs(g, f, all);
        outer = g.startBlock();
        Map<Object, Object> contents = contents(before);
        Flow flow = g.run(f, s.body());
        unchanged(g, f, before, contents, s.line());
        if (flow != Flow.NORMAL) {
            throw exit(g, f, flow, "a `for` loop over a range with a tensor bound", s.line());
        }
        Object counter = g.node(f, "aten::add", List.of(new TorchValue.Ref(bodyIn.get(0)), TorchValue.of(step)),
                Map.of(), 1, List.of(target.id()), s.line());
        List<TorchNode> bodyNodes = g.endBlock(outer, f);
        List<TorchValue> next = new ArrayList<>();
        next.add((TorchValue) counter);
        for (String name : carried) {
            next.add(carried(g, f, name, f.locals.get(name), s.line()));
        }
        reset(f, before);
        finish(g, f, "prim::Loop", s.line(), all, init, new TorchBlock(condIn, condNodes, List.of((TorchValue) more)),
                new TorchBlock(bodyIn, bodyNodes, next));
        if (before.containsKey(target.id())) {
            f.locals.put(target.id(), before.get(target.id()));
        } else {
            f.locals.remove(target.id());
        }
    }

    private static void finish(GraphBuilder g, Frame f, String kind, int line, List<String> carried,
            List<TorchValue> init, TorchBlock cond, TorchBlock body) {
        if (carried.isEmpty()) {
            return; // a loop that changes no value seen after it has no effect on the outputs
        }
        List<String> outs = new ArrayList<>();
        for (String name : carried) {
            String out = g.claim(name);
            outs.add(out);
            f.locals.put(name, new TorchValue.Ref(out));
        }
        g.add(new TorchNode(kind, init, Map.of(), outs, where(f, kind, line), List.of(cond, body)));
    }

    /** Runs an {@code if} branch into a fresh node list; it must fall through or raise. */
    private static Branch branch(GraphBuilder g, Frame f, List<Stmt> body, int line) {
        List<TorchNode> outer = g.startBlock();
        Flow flow = Flow.NORMAL;
        ScriptRaise raised = null;
        List<TorchNode> inner;
        try {
            flow = g.run(f, body);
        } catch (ScriptRaise r) {
            raised = r;
        } finally {
            inner = g.endBlock(outer, f);
        }
        if (flow != Flow.NORMAL) {
            throw exit(g, f, flow, "an `if` whose condition depends on tensor values", line);
        }
        return raised != null ? new Branch(List.of(), raised) : new Branch(inner, null);
    }

    /** Runs {@code body} into a fresh node list; it must fall through. */
    private static List<TorchNode> block(GraphBuilder g, Frame f, List<Stmt> body, String what, int line) {
        List<TorchNode> outer = g.startBlock();
        Flow flow;
        List<TorchNode> inner;
        try {
            flow = g.run(f, body);
        } finally {
            inner = g.endBlock(outer, f);
        }
        if (flow != Flow.NORMAL) {
            throw exit(g, f, flow, what, line);
        }
        return inner;
    }

    private static RuntimeException exit(GraphBuilder g, Frame f, Flow flow, String what, int line) {
        String word = switch (flow) {
            case RETURN -> "return";
            case BREAK -> "break";
            default -> "continue";
        };
        return g.fail(f, line, "`" + word + "` inside " + what + " is not supported", HINT);
    }

    /** What the lists and dicts the locals name hold now, by list or dict (identity). */
    private static Map<Object, Object> contents(Map<String, Object> locals) {
        Map<Object, Object> out = new IdentityHashMap<>();
        for (Object v : locals.values()) {
            if (v instanceof ScriptList l) {
                out.put(l, List.copyOf(l.items));
            } else if (v instanceof ScriptDict d) {
                out.put(d, new LinkedHashMap<>(d.entries));
            }
        }
        return out;
    }

    /**
     * A list or dict changed by a block whose running depends on tensor values cannot be followed (the converted
     * model would need a list per path): refused, naming it.
     */
    private static void unchanged(GraphBuilder g, Frame f, Map<String, Object> locals, Map<Object, Object> contents,
            int line) {
        for (Map.Entry<String, Object> e : locals.entrySet()) {
            Object was = contents.get(e.getValue());
            Object now = e.getValue() instanceof ScriptList l ? List.copyOf(l.items)
                    : e.getValue() instanceof ScriptDict d ? new LinkedHashMap<>(d.entries) : null;
            if (was != null && !was.equals(now)) {
                throw g.fail(f, line, "`" + e.getKey() + "` (" + e.getValue() + ") changes under control flow that "
                        + "depends on tensor values; only tensors, numbers and bools can", HINT);
            }
        }
    }

    /** Binds each name to a fresh block input and returns the input names. */
    private static List<String> bindInputs(GraphBuilder g, Frame f, List<String> names) {
        List<String> inputs = new ArrayList<>();
        for (String name : names) {
            String in = g.claim(name);
            inputs.add(in);
            f.locals.put(name, new TorchValue.Ref(in));
        }
        return inputs;
    }

    /** Restores the locals to {@code before} and returns what they were. */
    private static Map<String, Object> reset(Frame f, Map<String, Object> before) {
        Map<String, Object> was = new HashMap<>(f.locals);
        f.locals.clear();
        f.locals.putAll(before);
        return was;
    }

    /** A value a block carries: a tensor, a number or a bool (not a list, module or None). */
    private static TorchValue carried(GraphBuilder g, Frame f, String name, Object v, int line) {
        if (v instanceof TorchValue.Ref || v instanceof TorchValue.Literal l && !l.isNone()) {
            return (TorchValue) v;
        }
        throw g.fail(f, line, "`" + name + "` is " + GraphBuilder.describe(v) + " and changes under control flow "
                + "that depends on tensor values; only tensors, numbers and bools can", HINT);
    }

    /** The names a loop body rebinds that exist before the loop, in order of first assignment. */
    private static List<String> carriedNames(Frame f, List<Stmt> body, Set<String> exclude) {
        Set<String> assigned = new LinkedHashSet<>();
        assignedNames(body, assigned);
        List<String> out = new ArrayList<>();
        for (String name : assigned) {
            if (f.locals.containsKey(name) && !exclude.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    private static void assignedNames(List<Stmt> body, Set<String> out) {
        for (Stmt s : body) {
            if (s instanceof Stmt.Assign a) {
                targetNames(a.target(), out);
            } else if (s instanceof Stmt.AnnAssign a) {
                out.add(a.name());
            } else if (s instanceof Stmt.If i) {
                assignedNames(i.body(), out);
                assignedNames(i.orElse(), out);
            } else if (s instanceof Stmt.For loop) {
                targetNames(loop.target(), out);
                assignedNames(loop.body(), out);
            } else if (s instanceof Stmt.While w) {
                assignedNames(w.body(), out);
            }
        }
    }

    private static void targetNames(Expr target, Set<String> out) {
        if (target instanceof Expr.Name n) {
            out.add(n.id());
        } else if (target instanceof Expr.TupleExpr t) {
            for (Expr e : t.items()) {
                targetNames(e, out);
            }
        }
    }

    private static Location where(Frame f, String kind, int line) {
        return new Location("torch", kind, f.self.path(), f.file, line);
    }
}
