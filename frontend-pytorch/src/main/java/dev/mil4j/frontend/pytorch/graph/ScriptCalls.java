package dev.mil4j.frontend.pytorch.graph;

import dev.mil4j.frontend.pytorch.script.Expr;
import dev.mil4j.frontend.pytorch.script.FunctionDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Calls while a {@link GraphBuilder} runs code: methods of submodules are inlined; {@code annotate} and
 * {@code unchecked_cast} give their value; {@code range} of known bounds is a list, of tensor bounds a
 * {@link SymbolicRange}; {@code torch.*}, {@code ops.aten.*}, {@code ops.prim.*}, {@code int()}, {@code float()},
 * {@code bool()} and {@code len()} become nodes unless their arguments are literals they fold.
 */
final class ScriptCalls {
    private static final int MAX_DEPTH = 64;

    private final GraphBuilder g;
    private final ScriptEvaluator ev;
    private int depth;

    ScriptCalls(GraphBuilder g, ScriptEvaluator ev) {
        this.g = g;
        this.ev = ev;
    }

    Object call(Frame f, Expr.Call c, int outputs, List<String> names) {
        if (c.func() instanceof Expr.Attribute a) {
            Object base = ev.eval(f, a.value(), 1);
            if (base instanceof ModuleRef m) {
                FunctionDef method = m.cls().method(a.attr()).orElseThrow(() -> g.fail(f, c.line(), m.path() + " ("
                        + m.cls().simpleName() + ") has no method `" + a.attr() + "`", ""));
                return inline(f, m, method, c);
            }
            Object func = ev.attribute(f, base, a.attr(), a.line());
            return callNamespace(f, func, c, outputs, names);
        }
        return callNamespace(f, ev.eval(f, c.func(), 1), c, outputs, names);
    }

    private Object callNamespace(Frame f, Object func, Expr.Call c, int outputs, List<String> names) {
        if (!(func instanceof Namespace ns)) {
            throw g.fail(f, c.line(), "cannot call " + GraphBuilder.describe(func), "");
        }
        String dotted = ns.dotted();
        switch (dotted) {
            case "annotate", "unchecked_cast" -> {
                if (c.args().size() != 2) {
                    throw g.fail(f, c.line(), dotted + " takes a type and a value", "");
                }
                return ev.eval(f, c.args().get(1), outputs, names);
            }
            case "range" -> {
                return range(f, c);
            }
            default -> { }
        }
        String kind = opKind(dotted).orElseThrow(() -> g.fail(f, c.line(), "cannot call `" + dotted + "`", ""));
        List<TorchValue> args = ev.values(f, c.args(), c.line());
        Map<String, TorchValue> keywords = new LinkedHashMap<>();
        for (Expr.Keyword k : c.keywords()) {
            keywords.put(k.name(), g.asValue(ev.eval(f, k.value(), 1), f.file, c.line(), f.self.path()));
        }
        Optional<TorchValue> folded = fold(kind, args);
        if (folded.isPresent()) {
            return folded.get();
        }
        return g.node(f, kind, args, keywords, outputs, names, c.line());
    }

    /**
     * Python conversions of literals ({@code int(3.0)}), {@code len} of known lists and {@code torch.device("cpu")}
     * (kept as the string) fold at once.
     */
    private static Optional<TorchValue> fold(String kind, List<TorchValue> args) {
        if (args.size() != 1) {
            return Optional.empty();
        }
        TorchValue a = args.get(0);
        if (kind.equals("aten::device") && a instanceof TorchValue.Literal l && l.value() instanceof String) {
            return Optional.of(a); // torch.device("cpu"): only a placement, which Core ML chooses itself
        }
        if (a instanceof TorchValue.Literal l && l.value() instanceof Number n) {
            return switch (kind) {
                case "aten::Int" -> Optional.of(TorchValue.of(n.longValue()));
                case "aten::Float" -> Optional.of(TorchValue.of(n.doubleValue()));
                default -> Optional.empty();
            };
        }
        if (a instanceof TorchValue.Sequence s && kind.equals("aten::len")) {
            return Optional.of(TorchValue.of((long) s.items().size()));
        }
        return Optional.empty();
    }

    /** {@code torch.relu} and {@code ops.aten.relu} are {@code aten::relu}; {@code int} is {@code aten::Int}. */
    static Optional<String> opKind(String dotted) {
        switch (dotted) {
            case "int" -> {
                return Optional.of("aten::Int");
            }
            case "float" -> {
                return Optional.of("aten::Float");
            }
            case "bool" -> {
                return Optional.of("aten::Bool");
            }
            case "len" -> {
                return Optional.of("aten::len");
            }
            default -> { }
        }
        String[] parts = dotted.split("\\.");
        if (parts[0].equals("torch") && parts.length >= 2) {
            return Optional.of("aten::" + parts[parts.length - 1]);
        }
        if (parts[0].equals("ops") && parts.length == 3) {
            return Optional.of(parts[1] + "::" + parts[2]);
        }
        if (parts[0].equals("math") && parts.length == 2) {
            return Optional.of("aten::" + parts[1]);
        }
        return Optional.empty();
    }

    private Object range(Frame f, Expr.Call c) {
        List<Long> bounds = new ArrayList<>();
        List<TorchValue> args = ev.values(f, c.args(), c.line());
        for (TorchValue v : args) {
            if (!(v instanceof TorchValue.Literal l) || !(l.value() instanceof Long x)) {
                return symbolicRange(f, c, args);
            }
            bounds.add(x);
        }
        long start = bounds.size() > 1 ? bounds.get(0) : 0;
        long stop = bounds.size() > 1 ? bounds.get(1) : bounds.isEmpty() ? 0 : bounds.get(0);
        long step = bounds.size() > 2 ? bounds.get(2) : 1;
        if (step == 0 || bounds.isEmpty() || bounds.size() > 3) {
            throw g.fail(f, c.line(), "bad range() arguments " + bounds, "");
        }
        List<TorchValue> items = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            if (items.size() >= GraphBuilder.MAX_ITERATIONS) {
                throw g.fail(f, c.line(), "range() has more than " + GraphBuilder.MAX_ITERATIONS + " items", "");
            }
            items.add(TorchValue.of(i));
        }
        return new TorchValue.Sequence(items, false);
    }

    /** {@code range(...)} with a bound that is a tensor value: a loop the converted model runs. */
    private Object symbolicRange(Frame f, Expr.Call c, List<TorchValue> args) {
        if (args.isEmpty() || args.size() > 3) {
            throw g.fail(f, c.line(), "bad range() arguments " + args, "");
        }
        TorchValue start = args.size() > 1 ? args.get(0) : TorchValue.of(0L);
        TorchValue stop = args.size() > 1 ? args.get(1) : args.get(0);
        long step = 1;
        if (args.size() == 3) {
            if (!(args.get(2) instanceof TorchValue.Literal l) || !(l.value() instanceof Long x) || x == 0) {
                throw g.fail(f, c.line(), "range() with step " + args.get(2) + ": the step must be a non-zero "
                        + "integer known when the model is loaded", "");
            }
            step = x;
        }
        return new SymbolicRange(start, stop, step);
    }

    private Object inline(Frame caller, ModuleRef m, FunctionDef method, Expr.Call c) {
        if (++depth > MAX_DEPTH) {
            throw g.fail(caller, c.line(), "module calls nest more than " + MAX_DEPTH + " deep", "");
        }
        Frame callee = new Frame(m, method.file());
        List<FunctionDef.Param> params = method.params();
        if (c.args().size() > params.size() - 1) {
            throw g.fail(caller, c.line(), m.path() + "." + method.name() + " takes " + (params.size() - 1)
                    + " arguments, got " + c.args().size(), "");
        }
        Map<String, Object> bound = new HashMap<>();
        for (int i = 0; i < c.args().size(); i++) {
            bound.put(params.get(i + 1).name(), ev.eval(caller, c.args().get(i), 1));
        }
        for (Expr.Keyword k : c.keywords()) {
            bound.put(k.name(), ev.eval(caller, k.value(), 1));
        }
        for (int i = 1; i < params.size(); i++) {
            FunctionDef.Param p = params.get(i);
            Object v = bound.get(p.name());
            if (v == null && p.defaultValue().isPresent()) {
                v = ev.eval(callee, p.defaultValue().get(), 1);
            }
            if (v == null) {
                throw g.fail(caller, c.line(), m.path() + "." + method.name() + " needs argument `" + p.name() + "`",
                        "");
            }
            callee.locals.put(p.name(), v);
        }
        g.run(callee, method.body());
        depth--;
        return callee.returned;
    }

}
