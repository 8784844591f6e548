package dev.mil4j.frontend.pytorch.graph;

import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.frontend.pytorch.archive.PyNone;
import dev.mil4j.frontend.pytorch.script.ClassDef;
import dev.mil4j.frontend.pytorch.script.Expr;
import dev.mil4j.frontend.pytorch.script.FunctionDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Calls while a {@link GraphBuilder} runs code: methods of submodules ({@code (self.conv).forward(x)}) and
 * scripted free functions ({@code __torch__.torch.nn.functional.relu}) are inlined; {@code range} of known bounds is a
 * list, of tensor bounds a {@link SymbolicRange}; the builtins {@link ScriptBuiltins} knows are evaluated; any other
 * {@code torch.*}, {@code ops.aten.*}, {@code ops.prim.*}, {@code int()}, {@code float()}, {@code bool()} or
 * {@code len()} becomes a node.
 */
final class ScriptCalls {
    private static final int MAX_DEPTH = 64;
    /** Ops that give one list, which the code may unpack into names. */
    static final Set<String> LIST_RESULTS = Set.of("aten::size");

    private final GraphBuilder g;
    private final ScriptEvaluator ev;
    private final ScriptBuiltins builtins;
    private int depth;

    ScriptCalls(GraphBuilder g, ScriptEvaluator ev) {
        this.g = g;
        this.ev = ev;
        this.builtins = new ScriptBuiltins(g, ev);
    }

    Object call(Frame f, Expr.Call c, int outputs, List<String> names) {
        if (c.func() instanceof Expr.Attribute a) {
            Object base = ev.eval(f, a.value(), 1);
            if (base instanceof ModuleRef m) {
                FunctionDef method = m.cls().method(a.attr()).orElseThrow(() -> g.fail(f, c.line(), m.path() + " ("
                        + m.cls().simpleName() + ") has no method `" + a.attr() + "`", ""));
                return inline(f, m, method, c, 1);
            }
            return callValue(f, ev.attribute(f, base, a.attr(), a.line()), c, outputs, names);
        }
        return callValue(f, ev.eval(f, c.func(), 1), c, outputs, names);
    }

    private Object callValue(Frame f, Object func, Expr.Call c, int outputs, List<String> names) {
        if (func instanceof ModuleRef m) {
            FunctionDef forward = m.cls().method("forward").orElseThrow(() -> g.fail(f, c.line(), "cannot call "
                    + GraphBuilder.describe(m) + ": its class has no forward method", ""));
            return inline(f, m, forward, c, 1);
        }
        if (!(func instanceof Namespace ns)) {
            throw g.fail(f, c.line(), "cannot call " + GraphBuilder.describe(func), "");
        }
        String dotted = ns.dotted();
        Optional<FunctionDef> function = ev.code().function(dotted);
        if (function.isPresent()) {
            return inline(f, f.self, function.get(), c, 0);
        }
        Optional<ClassDef> cls = ev.code().cls(dotted);
        if (cls.isPresent() && cls.get().bases().stream().anyMatch(base -> base.endsWith("NamedTuple"))) {
            return namedTuple(f, cls.get(), c);
        }
        if (dotted.equals("range")) {
            return range(f, c);
        }
        Optional<Object> known = builtins.call(f, dotted, c, outputs, names);
        if (known.isPresent()) {
            return known.get();
        }
        String kind = opKind(dotted).orElseThrow(() -> g.fail(f, c.line(), "cannot call `" + dotted + "`: it is "
                + "neither a torch op nor a function of the archive's code", ""));
        List<TorchValue> args = new ArrayList<>(ev.values(f, c.args(), c.line()));
        Map<String, TorchValue> keywords = new LinkedHashMap<>();
        for (Expr.Keyword k : c.keywords()) {
            keywords.put(k.name(), g.asValue(ev.eval(f, k.value(), 1), f.file, c.line(), f.self.path()));
        }
        if (keywords.isEmpty() && args.size() == 2 && (kind.equals("aten::__is__") || kind.equals("aten::__isnot__"))) {
            Optional<Boolean> same = ev.identical(args.get(0), args.get(1));
            if (same.isPresent()) {
                return TorchValue.of(same.get() == kind.equals("aten::__is__"));
            }
        }
        if (keywords.isEmpty()) {
            Optional<TorchValue> folded = ScriptBuiltins.fold(kind, args)
                    .or(() -> shapeQuery(f, kind, args, c.line()));
            if (folded.isPresent()) {
                return folded.get();
            }
        }
        if (kind.equals("aten::unbind") && keywords.isEmpty()) {
            Optional<Object> parts = unbind(f, args, c.line());
            if (parts.isPresent()) {
                return parts.get();
            }
        }
        int pieces = pieces(kind, args);
        if (pieces > 0 && outputs == 1) {
            // a list of a known length, kept whole (parts = torch.chunk(x, 3, -1)) and unpacked or indexed later
            Object parts = g.node(f, kind, args, keywords, pieces, List.of(), c.line());
            return new ScriptList(pieces == 1 ? List.of(parts) : ScriptContainers.items(parts).orElseThrow());
        }
        if (kind.equals("aten::slice") && !args.isEmpty() && keywords.isEmpty() && g.producer(args.get(0))
                .filter(n -> LIST_RESULTS.contains(n.kind()) && n.inputs().size() == 1).isPresent()) {
            // the list form, slice(list, start, end, step), of a shape list: the tensor form along dim 0
            args.add(1, TorchValue.of(0L));
        }
        if (outputs > 1 && LIST_RESULTS.contains(kind)) {
            // a list unpacked into names (a, b, c, d, = torch.size(x)): one node, then an item per name
            Object list = g.node(f, kind, args, keywords, 1, List.of(), c.line());
            List<TorchValue> items = new ArrayList<>();
            for (int i = 0; i < outputs; i++) {
                List<String> name = i < names.size() ? List.of(names.get(i)) : List.of();
                items.add((TorchValue) g.node(f, "aten::__getitem__",
                        List.of((TorchValue) list, TorchValue.of((long) i)), Map.of(), 1, name, c.line()));
            }
            return new TorchValue.Sequence(items, true);
        }
        return g.node(f, kind, args, keywords, outputs, names, c.line());
    }

    /**
     * {@code aten::dim(x)}, {@code aten::size(x, i)}, {@code aten::size(x)} and {@code aten::numel(x)} of a value whose
     * shape is known (a graph input's as the user gave it, or a value's static sizes; see GraphBuilder#knownShape)
     * : its rank, a known size, and the list of its sizes (a symbolic one as {@code aten::size(x, i)}).
     */
    private Optional<TorchValue> shapeQuery(Frame f, String kind, List<TorchValue> args, int line) {
        if (args.isEmpty()) {
            return Optional.empty();
        }
        if (kind.equals("aten::dim") && args.size() == 1 && g.rank(args.get(0)).isPresent()) {
            return Optional.of(TorchValue.of((long) g.rank(args.get(0)).get()));
        }
        Optional<Shape> shape = g.knownShape(args.get(0));
        if (shape.isEmpty()) {
            return Optional.empty();
        }
        if (kind.equals("aten::dim") && args.size() == 1) {
            return Optional.of(TorchValue.of((long) shape.get().rank()));
        }
        if (kind.equals("aten::numel") && args.size() == 1 && shape.get().isStatic()) {
            return Optional.of(TorchValue.of(shape.get().elementCount().orElseThrow()));
        }
        if (kind.equals("aten::size") && args.size() == 1) {
            List<TorchValue> sizes = new ArrayList<>();
            for (int i = 0; i < shape.get().rank(); i++) {
                Dim d = shape.get().dim(i);
                sizes.add(d.isKnown() ? TorchValue.of(d.size()) : (TorchValue) g.node(f, "aten::size",
                        List.of(args.get(0), TorchValue.of((long) i)), Map.of(), 1, List.of(), line));
            }
            return Optional.of(new TorchValue.Sequence(sizes, false));
        }
        if (kind.equals("aten::size") && args.size() == 2 && args.get(1) instanceof TorchValue.Literal l
                && l.value() instanceof Long axis && axis >= -shape.get().rank() && axis < shape.get().rank()) {
            Dim d = shape.get().dimAt(axis.intValue());
            return d.isKnown() ? Optional.of(TorchValue.of(d.size())) : Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * How many tensors a splitting op gives when its arguments say so: {@code chunk(x, n)} gives n (PyTorch gives
     * fewer only when the dim is smaller than n, which the translation reports), {@code split(x, [a, b])} one per size;
     * 0 when not known here.
     */
    private static int pieces(String kind, List<TorchValue> args) {
        if (args.size() < 2) {
            return 0;
        }
        if (kind.equals("aten::chunk") && args.get(1) instanceof TorchValue.Literal l && l.value() instanceof Long n
                && n > 0 && n <= GraphBuilder.MAX_ITERATIONS) {
            return n.intValue();
        }
        if ((kind.equals("aten::split") || kind.equals("aten::split_with_sizes"))
                && args.get(1) instanceof TorchValue.Sequence sizes && !sizes.items().isEmpty()) {
            return sizes.items().size();
        }
        return 0;
    }

    /**
     * {@code torch.unbind(x, dim)} of a value whose size along {@code dim} is known: the list of its
     * {@code select}s, so that a loop over it ({@code for step in x.unbind(1)}) runs a known number of times.
     */
    private Optional<Object> unbind(Frame f, List<TorchValue> args, int line) {
        Optional<Shape> shape = g.knownShape(args.get(0));
        long dim = args.size() > 1 && args.get(1) instanceof TorchValue.Literal l && l.value() instanceof Long d
                ? d : args.size() > 1 ? Long.MIN_VALUE : 0;
        if (shape.isEmpty() || dim < -shape.get().rank() || dim >= shape.get().rank()
                || !shape.get().dimAt((int) dim).isKnown()) {
            return Optional.empty();
        }
        long n = shape.get().dimAt((int) dim).size();
        if (n > GraphBuilder.MAX_ITERATIONS) {
            return Optional.empty();
        }
        List<Object> parts = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            parts.add(g.node(f, "aten::select", List.of(args.get(0), TorchValue.of(dim), TorchValue.of(i)), Map.of(),
                    1, List.of(), line));
        }
        return Optional.of(new ScriptList(parts));
    }

    /** A {@code NamedTuple} class called: a tuple of its fields, in the order the class declares them. */
    private Object namedTuple(Frame f, ClassDef cls, Expr.Call c) {
        List<String> fields = List.copyOf(cls.attributes().keySet());
        Map<String, TorchValue> given = new HashMap<>();
        for (int i = 0; i < c.args().size(); i++) {
            if (i >= fields.size()) {
                throw g.fail(f, c.line(), cls.simpleName() + " has " + fields.size() + " fields, got "
                        + c.args().size() + " values", "");
            }
            given.put(fields.get(i), g.asValue(ev.eval(f, c.args().get(i), 1), f.file, c.line(), f.self.path()));
        }
        for (Expr.Keyword k : c.keywords()) {
            given.put(k.name(), g.asValue(ev.eval(f, k.value(), 1), f.file, c.line(), f.self.path()));
        }
        List<TorchValue> items = new ArrayList<>();
        for (String field : fields) {
            TorchValue v = given.get(field);
            if (v == null) {
                throw g.fail(f, c.line(), cls.simpleName() + " needs field `" + field + "`", "");
            }
            items.add(v);
        }
        return new TorchValue.Sequence(items, true);
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
            case "str" -> {
                return Optional.of("aten::str");
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

    /**
     * Runs {@code function} in a new frame: a method of {@code self} (its first parameter is {@code self}, skipped:
     * {@code first = 1}) or a free function ({@code first = 0}, run in the caller's module for locations).
     */
    private Object inline(Frame caller, ModuleRef self, FunctionDef function, Expr.Call c, int first) {
        if (depth >= MAX_DEPTH) {
            throw g.fail(caller, c.line(), "module and function calls nest more than " + MAX_DEPTH + " deep", "");
        }
        String name = (first == 1 ? self.path() + "." : "") + function.name();
        Frame callee = new Frame(self, function.file());
        List<FunctionDef.Param> params = function.params();
        int arity = params.size() - first;
        if (c.args().size() > arity) {
            throw g.fail(caller, c.line(), name + " takes " + arity + " arguments, got " + c.args().size(), "");
        }
        Map<String, Object> bound = new HashMap<>();
        for (int i = 0; i < c.args().size(); i++) {
            bound.put(params.get(i + first).name(), ev.eval(caller, c.args().get(i), 1));
        }
        for (Expr.Keyword k : c.keywords()) {
            if (params.stream().noneMatch(p -> p.name().equals(k.name()))) {
                throw g.fail(caller, c.line(), name + " has no parameter `" + k.name() + "`", "");
            }
            bound.put(k.name(), ev.eval(caller, k.value(), 1));
        }
        for (int i = first; i < params.size(); i++) {
            FunctionDef.Param p = params.get(i);
            Object v = bound.get(p.name());
            if (v == null && p.defaultValue().isPresent()) {
                v = ev.eval(callee, p.defaultValue().get(), 1);
            }
            if (v == null) {
                throw g.fail(caller, c.line(), name + " needs argument `" + p.name() + "`", "");
            }
            callee.locals.put(p.name(), v);
        }
        depth++;
        try {
            g.run(callee, function.body());
        } finally {
            depth--;
        }
        return callee.returned == null ? TorchValue.of(PyNone.NONE) : callee.returned;
    }
}
