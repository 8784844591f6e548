package dev.mil4j.frontend.pytorch.graph;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import dev.mil4j.frontend.pytorch.archive.PyNone;
import dev.mil4j.frontend.pytorch.archive.PyTuple;
import dev.mil4j.frontend.pytorch.archive.TorchObject;
import dev.mil4j.frontend.pytorch.archive.TorchTensor;
import dev.mil4j.frontend.pytorch.script.ClassDef;
import dev.mil4j.frontend.pytorch.script.Expr;
import dev.mil4j.frontend.pytorch.script.FunctionDef;
import dev.mil4j.frontend.pytorch.script.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the {@link TorchGraph} of a module's {@code forward} by running its TorchScript code symbolically: tensor
 * operations ({@code torch.*}, {@code ops.aten.*}, {@code ops.prim.*}, {@code int()}, operators on tensors) become
 * nodes; {@code self.x} chains resolve to submodules, parameters, buffers and plain attributes; submodule methods are
 * inlined; Python arithmetic on literals, {@code if} on known conditions and loops over known ranges are evaluated
 * away. Each node records its module path and code line.
 */
public final class GraphBuilder {
    private static final int MAX_DEPTH = 64;
    private static final int MAX_ITERATIONS = 100_000;
    private static final Set<String> BUILTINS = Set.of("torch", "ops", "CONSTANTS", "annotate", "int", "float",
            "bool", "len", "range", "unchecked_cast", "math", "Tensor", "List", "Tuple", "Optional", "Dict",
            "__torch__", "str", "uninitialized", "NoneType", "Final", "Device", "number");

    private final Map<String, ClassDef> classes;
    private final List<Object> constants;
    /** The node list being filled: the graph's, or a nested block's while its code runs. */
    private List<TorchNode> nodes = new ArrayList<>();
    private final Map<String, TorchTensor> tensors = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();
    private int depth;
    private int iterations;

    /** A module object with its path from the root and its class. */
    record ModuleRef(String path, TorchObject object, ClassDef cls) {
    }

    /** {@code range(start, stop, step)} with a bound known only when the model runs. */
    private record SymbolicRange(TorchValue start, TorchValue stop, long step) {
    }

    /** A dotted builtin name such as {@code torch}, {@code ops.aten} or {@code int}. */
    private record Namespace(String dotted) {
    }

    enum Flow { NORMAL, BREAK, CONTINUE, RETURN }

    final class Frame {
        final ModuleRef self;
        final String file;
        final Map<String, Object> locals = new HashMap<>();
        Object returned = TorchValue.of(PyNone.NONE);

        Frame(ModuleRef self, String file) {
            this.self = self;
            this.file = file;
        }
    }

    /** Starts a nested block: nodes go to a fresh list until {@link #endBlock} gives back {@code outer}'s. */
    List<TorchNode> startBlock() {
        List<TorchNode> outer = nodes;
        nodes = new ArrayList<>();
        return outer;
    }

    /** Ends a nested block: its nodes, and the outer list filled again from now on. */
    List<TorchNode> endBlock(List<TorchNode> outer) {
        List<TorchNode> block = nodes;
        nodes = outer;
        return block;
    }

    /** Adds a finished control-flow node to the current list. */
    void add(TorchNode node) {
        nodes.add(node);
    }

    private GraphBuilder(Map<String, ClassDef> classes, List<Object> constants) {
        this.classes = classes;
        this.constants = constants;
    }

    /**
     * Builds the graph of {@code root.forward}.
     *
     * @param classes every class of the archive's code, by qualified name
     * @param constants the items of {@code constants.pkl}, read as {@code CONSTANTS.c0}, {@code CONSTANTS.c1}, ...
     * @throws ConversionException when the code does something that cannot become a graph
     */
    public static TorchGraph build(TorchObject root, Map<String, ClassDef> classes, PyTuple constants) {
        requireNonNull(root, "root is null");
        return new GraphBuilder(Map.copyOf(classes), constants.items()).buildGraph(root);
    }

    private TorchGraph buildGraph(TorchObject root) {
        ClassDef cls = classOf(root, "the root module");
        String rootPath = cls.simpleName();
        ModuleRef self = new ModuleRef(rootPath, root, cls);
        FunctionDef forward = cls.method("forward").orElseThrow(() -> new ConversionException(Diagnostic.error(
                "class " + cls.qualifiedName() + " has no forward method").at(new Location("torch", "", rootPath,
                cls.file(), cls.line()))));
        Frame frame = new Frame(self, forward.file());
        List<TorchGraph.Input> inputs = new ArrayList<>();
        List<FunctionDef.Param> params = forward.params();
        for (int i = 1; i < params.size(); i++) {
            FunctionDef.Param p = params.get(i);
            String name = claim(p.name());
            inputs.add(new TorchGraph.Input(name, p.type().map(GraphBuilder::typeText).orElse("Tensor")));
            frame.locals.put(p.name(), new TorchValue.Ref(name));
        }
        run(frame, forward.body());
        List<TorchValue> outputs = new ArrayList<>();
        flatten(asValue(frame.returned, forward.file(), forward.line(), rootPath), outputs);
        return new TorchGraph(inputs, nodes, tensors, outputs);
    }

    private static void flatten(TorchValue v, List<TorchValue> out) {
        if (v instanceof TorchValue.Sequence s && s.tuple()) {
            for (TorchValue item : s.items()) {
                flatten(item, out);
            }
        } else {
            out.add(v);
        }
    }

    private ClassDef classOf(TorchObject o, String what) {
        ClassDef cls = classes.get(o.className());
        if (cls == null) {
            throw new ConversionException(Diagnostic.error(what + " is a " + o.className()
                    + ", but the archive's code has no class of that name"));
        }
        return cls;
    }

    // ---- statements ----

    Flow run(Frame f, List<Stmt> body) {
        for (Stmt s : body) {
            Flow flow = exec(f, s);
            if (flow != Flow.NORMAL) {
                return flow;
            }
        }
        return Flow.NORMAL;
    }

    private Flow exec(Frame f, Stmt s) {
        if (s instanceof Stmt.Assign a) {
            assign(f, a.target(), a.value(), a.line());
        } else if (s instanceof Stmt.ExprStmt e) {
            eval(f, e.value(), 1);
        } else if (s instanceof Stmt.Return r) {
            f.returned = r.value().isPresent() ? eval(f, r.value().get(), 1) : TorchValue.of(PyNone.NONE);
            return Flow.RETURN;
        } else if (s instanceof Stmt.If i) {
            Object c = eval(f, i.cond(), 1);
            if (c instanceof TorchValue.Literal l) {
                return run(f, Literals.truthy(l.value()) ? i.body() : i.orElse());
            }
            ControlFlow.tensorIf(this, f, i, asValue(c, f.file, i.line(), f.self.path()));
        } else if (s instanceof Stmt.For loop) {
            return forLoop(f, loop);
        } else if (s instanceof Stmt.While w) {
            Object first = eval(f, w.cond(), 1);
            if (!(first instanceof TorchValue.Literal)) {
                ControlFlow.tensorWhile(this, f, w);
                return Flow.NORMAL;
            }
            for (boolean go = Literals.truthy(((TorchValue.Literal) first).value()); go;
                    go = condition(f, w.cond(), "while", w.line())) {
                countIteration(f, w.line());
                Flow flow = run(f, w.body());
                if (flow == Flow.BREAK) {
                    break;
                }
                if (flow == Flow.RETURN) {
                    return flow;
                }
            }
        } else if (s instanceof Stmt.Assert a) {
            Object v = eval(f, a.cond(), 1);
            if (v instanceof TorchValue.Literal l && !Literals.truthy(l.value())) {
                throw fail(f, a.line(), "an assert in the model's code fails for this model", "");
            }
        } else if (s instanceof Stmt.Raise r) {
            throw fail(f, r.line(), "the model's code raises an exception on this path", "");
        } else if (s instanceof Stmt.Break) {
            return Flow.BREAK;
        } else if (s instanceof Stmt.Continue) {
            return Flow.CONTINUE;
        } else if (s instanceof Stmt.AnnAssign a && a.value().isPresent()) {
            f.locals.put(a.name(), eval(f, a.value().get(), 1));
        }
        return Flow.NORMAL;
    }

    private Flow forLoop(Frame f, Stmt.For loop) {
        Object iter = eval(f, loop.iter(), 1);
        if (iter instanceof SymbolicRange r) {
            ControlFlow.tensorFor(this, f, loop, r.start(), r.stop(), r.step());
            return Flow.NORMAL;
        }
        if (!(iter instanceof TorchValue.Sequence seq)) {
            throw fail(f, loop.line(), "a for loop runs over " + describe(iter) + ", whose length is not known when "
                    + "the model is loaded", "trace the model (torch.jit.trace) so loops are unrolled");
        }
        for (TorchValue item : seq.items()) {
            countIteration(f, loop.line());
            bind(f, loop.target(), item, loop.line());
            Flow flow = run(f, loop.body());
            if (flow == Flow.BREAK) {
                break;
            }
            if (flow == Flow.RETURN) {
                return flow;
            }
        }
        return Flow.NORMAL;
    }

    private void countIteration(Frame f, int line) {
        if (++iterations > MAX_ITERATIONS) {
            throw fail(f, line, "loops run more than " + MAX_ITERATIONS + " iterations in all", "");
        }
    }

    private boolean condition(Frame f, Expr cond, String what, int line) {
        Object v = eval(f, cond, 1);
        if (v instanceof TorchValue.Literal l) {
            return Literals.truthy(l.value());
        }
        throw fail(f, line, "the condition of `" + what + "` depends on tensor values (" + describe(v)
                + "); only conditions known when the model is loaded can be converted",
                "trace the model (torch.jit.trace) with a representative input, or make the condition static");
    }

    private void assign(Frame f, Expr target, Expr value, int line) {
        if (target instanceof Expr.TupleExpr t && value instanceof Expr.Call) {
            Object v = eval(f, value, t.items().size(), targetNames(t));
            bind(f, target, v, line);
        } else if (target instanceof Expr.Name n) {
            f.locals.put(n.id(), eval(f, value, 1, List.of(n.id())));
        } else {
            bind(f, target, eval(f, value, 1), line);
        }
    }

    private static List<String> targetNames(Expr.TupleExpr t) {
        List<String> out = new ArrayList<>();
        for (Expr e : t.items()) {
            out.add(e instanceof Expr.Name n ? n.id() : "");
        }
        return out;
    }

    void bind(Frame f, Expr target, Object value, int line) {
        if (target instanceof Expr.Name n) {
            f.locals.put(n.id(), value);
            return;
        }
        if (target instanceof Expr.TupleExpr t) {
            if (!(value instanceof TorchValue.Sequence seq) || seq.items().size() != t.items().size()) {
                throw fail(f, line, "cannot unpack " + describe(value) + " into " + t.items().size() + " names", "");
            }
            for (int i = 0; i < t.items().size(); i++) {
                bind(f, t.items().get(i), seq.items().get(i), line);
            }
            return;
        }
        throw fail(f, line, "assigning to " + target.getClass().getSimpleName() + " is not supported", "");
    }

    // ---- expressions ----

    Object eval(Frame f, Expr e, int outputs) {
        return eval(f, e, outputs, List.of());
    }

    private Object eval(Frame f, Expr e, int outputs, List<String> names) {
        if (e instanceof Expr.Constant c) {
            return TorchValue.of(c.value());
        } else if (e instanceof Expr.Name n) {
            return lookup(f, n);
        } else if (e instanceof Expr.Attribute a) {
            return attribute(f, eval(f, a.value(), 1), a.attr(), a.line());
        } else if (e instanceof Expr.Call c) {
            return call(f, c, outputs, names);
        } else if (e instanceof Expr.ListExpr l) {
            return new TorchValue.Sequence(values(f, l.items(), l.line()), false);
        } else if (e instanceof Expr.TupleExpr t) {
            return new TorchValue.Sequence(values(f, t.items(), t.line()), true);
        } else if (e instanceof Expr.Subscript s) {
            return subscript(f, s, names);
        } else if (e instanceof Expr.BinOp b) {
            return binary(f, b, names);
        } else if (e instanceof Expr.UnaryOp u) {
            return unary(f, u, names);
        } else if (e instanceof Expr.Compare c) {
            return compare(f, c, names);
        } else if (e instanceof Expr.BoolOp b) {
            boolean left = condition(f, b.left(), b.op(), b.line());
            if (b.op().equals("and") ? !left : left) {
                return TorchValue.of(left);
            }
            return TorchValue.of(condition(f, b.right(), b.op(), b.line()));
        } else if (e instanceof Expr.IfExpr i) {
            return condition(f, i.cond(), "if", i.line()) ? eval(f, i.then(), outputs, names)
                    : eval(f, i.otherwise(), outputs, names);
        }
        throw fail(f, e.line(), "a slice outside a subscript", "");
    }

    private List<TorchValue> values(Frame f, List<Expr> items, int line) {
        List<TorchValue> out = new ArrayList<>(items.size());
        for (Expr item : items) {
            out.add(asValue(eval(f, item, 1), f.file, line, f.self.path()));
        }
        return out;
    }

    private Object lookup(Frame f, Expr.Name n) {
        Object v = f.locals.get(n.id());
        if (v != null) {
            return v;
        }
        if (n.id().equals("self")) {
            return f.self;
        }
        if (BUILTINS.contains(n.id())) {
            return new Namespace(n.id());
        }
        throw fail(f, n.line(), "name `" + n.id() + "` is not defined", "");
    }

    private Object attribute(Frame f, Object base, String attr, int line) {
        if (base instanceof Namespace ns) {
            if (ns.dotted().equals("CONSTANTS")) {
                return constant(f, attr, line);
            }
            return new Namespace(ns.dotted() + "." + attr);
        }
        if (base instanceof ModuleRef m) {
            return moduleAttribute(f, m, attr, line);
        }
        throw fail(f, line, "cannot read attribute `" + attr + "` of " + describe(base), "");
    }

    private Object constant(Frame f, String attr, int line) {
        int index;
        try {
            index = attr.startsWith("c") ? Integer.parseInt(attr.substring(1)) : -1;
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0 || index >= constants.size()) {
            throw fail(f, line, "CONSTANTS." + attr + " does not exist: constants.pkl holds " + constants.size()
                    + " constants", "");
        }
        String name = "CONSTANTS." + attr;
        return fromAttribute(f, name, constants.get(index), line);
    }

    private Object moduleAttribute(Frame f, ModuleRef m, String attr, int line) {
        Optional<Object> v = m.object().attribute(attr);
        if (v.isEmpty()) {
            Expr constant = m.cls().constants().get(attr);
            if (constant != null) {
                return eval(new Frame(m, m.cls().file()), constant, 1);
            }
            throw fail(f, line, m.path() + " (" + m.cls().simpleName() + ") has no attribute `" + attr + "`", "");
        }
        String path = m.path() + "." + attr;
        if (v.get() instanceof TorchObject child) {
            return new ModuleRef(path, child, classOf(child, "attribute " + path));
        }
        return fromAttribute(f, path, v.get(), line);
    }

    private Object fromAttribute(Frame f, String path, Object value, int line) {
        if (value instanceof TorchTensor t) {
            tensors.putIfAbsent(path, t);
            return new TorchValue.Ref(path);
        }
        if (value instanceof Long || value instanceof Double || value instanceof Boolean || value instanceof String
                || value instanceof PyNone) {
            return TorchValue.of(value);
        }
        if (value instanceof List<?> || value instanceof PyTuple) {
            List<?> items = value instanceof PyTuple t ? t.items() : (List<?>) value;
            List<TorchValue> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                out.add(asValue(fromAttribute(f, path + "." + i, items.get(i), line), f.file, line, f.self.path()));
            }
            return new TorchValue.Sequence(out, value instanceof PyTuple);
        }
        throw fail(f, line, path + " holds a " + value.getClass().getSimpleName()
                + ", which the converter cannot use", "");
    }

    private Object subscript(Frame f, Expr.Subscript s, List<String> names) {
        Object base = eval(f, s.value(), 1);
        if (base instanceof Namespace) {
            return base; // a type such as List[int]
        }
        if (base instanceof TorchValue.Sequence seq) {
            if (s.index() instanceof Expr.Slice sl) {
                int n = seq.items().size();
                int lo = sliceBound(f, sl.lower(), 0, n, s.line());
                int hi = sliceBound(f, sl.upper(), n, n, s.line());
                return new TorchValue.Sequence(seq.items().subList(Math.min(lo, hi), hi), seq.tuple());
            }
            Object idx = eval(f, s.index(), 1);
            if (idx instanceof TorchValue.Literal l && l.value() instanceof Long i) {
                int n = seq.items().size();
                long k = i < 0 ? i + n : i;
                if (k < 0 || k >= n) {
                    throw fail(f, s.line(), "index " + i + " is out of range for " + seq, "");
                }
                return seq.items().get((int) k);
            }
        }
        TorchValue value = asValue(base, f.file, s.line(), f.self.path());
        if (s.index() instanceof Expr.Slice sl) {
            throw fail(f, s.line(), "slicing " + value + " with [a:b] is not supported; TorchScript writes tensor "
                    + "slices as torch.slice", "");
        }
        TorchValue index = asValue(eval(f, s.index(), 1), f.file, s.line(), f.self.path());
        return node(f, "aten::__getitem__", List.of(value, index), Map.of(), 1, names, s.line());
    }

    private int sliceBound(Frame f, Optional<Expr> e, int dflt, int n, int line) {
        if (e.isEmpty()) {
            return dflt;
        }
        Object v = eval(f, e.get(), 1);
        if (!(v instanceof TorchValue.Literal l) || !(l.value() instanceof Long i)) {
            throw fail(f, line, "a list slice bound must be a known integer, got " + describe(v), "");
        }
        long k = i < 0 ? Math.max(0, i + n) : Math.min(i, n);
        return (int) k;
    }

    private Object binary(Frame f, Expr.BinOp b, List<String> names) {
        Object left = eval(f, b.left(), 1);
        Object right = eval(f, b.right(), 1);
        if (left instanceof TorchValue.Literal x && right instanceof TorchValue.Literal y) {
            Optional<Object> r;
            try {
                r = Literals.binary(b.op(), x.value(), y.value());
            } catch (ArithmeticException e) {
                throw fail(f, b.line(), "`" + x + " " + b.op() + " " + y + "` overflows", "");
            }
            if (r.isPresent()) {
                return TorchValue.of(r.get());
            }
        }
        if (left instanceof TorchValue.Sequence x && right instanceof TorchValue.Sequence y && b.op().equals("+")) {
            List<TorchValue> items = new ArrayList<>(x.items());
            items.addAll(y.items());
            return new TorchValue.Sequence(items, x.tuple());
        }
        String kind = switch (b.op()) {
            case "+" -> "aten::add";
            case "-" -> "aten::sub";
            case "*" -> "aten::mul";
            case "/" -> "aten::div";
            case "//" -> "aten::floordiv";
            case "%" -> "aten::remainder";
            case "**" -> "aten::pow";
            case "@" -> "aten::matmul";
            case "&" -> "aten::__and__";
            case "|" -> "aten::__or__";
            case "^" -> "aten::__xor__";
            default -> "aten::" + b.op();
        };
        return node(f, kind, List.of(asValue(left, f.file, b.line(), f.self.path()),
                asValue(right, f.file, b.line(), f.self.path())), Map.of(), 1, names, b.line());
    }

    private Object unary(Frame f, Expr.UnaryOp u, List<String> names) {
        Object v = eval(f, u.operand(), 1);
        if (v instanceof TorchValue.Literal l) {
            switch (u.op()) {
                case "not" -> {
                    return TorchValue.of(!Literals.truthy(l.value()));
                }
                case "-" -> {
                    if (l.value() instanceof Long x) {
                        return TorchValue.of(-x);
                    }
                    if (l.value() instanceof Double x) {
                        return TorchValue.of(-x);
                    }
                }
                case "+" -> {
                    return l;
                }
                default -> { }
            }
        }
        String kind = switch (u.op()) {
            case "-" -> "aten::neg";
            case "not" -> "aten::__not__";
            case "~" -> "aten::bitwise_not";
            default -> "aten::" + u.op();
        };
        if (u.op().equals("+")) {
            return v;
        }
        return node(f, kind, List.of(asValue(v, f.file, u.line(), f.self.path())), Map.of(), 1, names, u.line());
    }

    private Object compare(Frame f, Expr.Compare c, List<String> names) {
        Object left = eval(f, c.left(), 1);
        Object right = eval(f, c.right(), 1);
        if (left instanceof TorchValue.Literal x && right instanceof TorchValue.Literal y) {
            Optional<Boolean> r = Literals.compare(c.op(), x.value(), y.value());
            if (r.isPresent()) {
                return TorchValue.of(r.get());
            }
        }
        boolean isOp = c.op().equals("is") || c.op().equals("is not");
        if (isOp && (isNone(left) != isNone(right))) {
            // a tensor, module or list is never None
            return TorchValue.of(c.op().equals("is not"));
        }
        String kind = switch (c.op()) {
            case "==" -> "aten::eq";
            case "!=" -> "aten::ne";
            case "<" -> "aten::lt";
            case "<=" -> "aten::le";
            case ">" -> "aten::gt";
            case ">=" -> "aten::ge";
            default -> throw fail(f, c.line(), "comparison `" + c.op() + "` of " + describe(left) + " and "
                    + describe(right) + " is not supported", "");
        };
        return node(f, kind, List.of(asValue(left, f.file, c.line(), f.self.path()),
                asValue(right, f.file, c.line(), f.self.path())), Map.of(), 1, names, c.line());
    }

    private static boolean isNone(Object v) {
        return v instanceof TorchValue.Literal l && l.isNone();
    }

    private Object call(Frame f, Expr.Call c, int outputs, List<String> names) {
        if (c.func() instanceof Expr.Attribute a) {
            Object base = eval(f, a.value(), 1);
            if (base instanceof ModuleRef m) {
                FunctionDef method = m.cls().method(a.attr()).orElseThrow(() -> fail(f, c.line(), m.path() + " ("
                        + m.cls().simpleName() + ") has no method `" + a.attr() + "`", ""));
                return inline(f, m, method, c);
            }
            Object func = attribute(f, base, a.attr(), a.line());
            return callNamespace(f, func, c, outputs, names);
        }
        return callNamespace(f, eval(f, c.func(), 1), c, outputs, names);
    }

    private Object callNamespace(Frame f, Object func, Expr.Call c, int outputs, List<String> names) {
        if (!(func instanceof Namespace ns)) {
            throw fail(f, c.line(), "cannot call " + describe(func), "");
        }
        String dotted = ns.dotted();
        switch (dotted) {
            case "annotate", "unchecked_cast" -> {
                if (c.args().size() != 2) {
                    throw fail(f, c.line(), dotted + " takes a type and a value", "");
                }
                return eval(f, c.args().get(1), outputs, names);
            }
            case "range" -> {
                return range(f, c);
            }
            default -> { }
        }
        String kind = opKind(dotted).orElseThrow(() -> fail(f, c.line(), "cannot call `" + dotted + "`", ""));
        List<TorchValue> args = values(f, c.args(), c.line());
        Map<String, TorchValue> keywords = new LinkedHashMap<>();
        for (Expr.Keyword k : c.keywords()) {
            keywords.put(k.name(), asValue(eval(f, k.value(), 1), f.file, c.line(), f.self.path()));
        }
        Optional<TorchValue> folded = fold(kind, args);
        if (folded.isPresent()) {
            return folded.get();
        }
        return node(f, kind, args, keywords, outputs, names, c.line());
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
        List<TorchValue> args = values(f, c.args(), c.line());
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
            throw fail(f, c.line(), "bad range() arguments " + bounds, "");
        }
        List<TorchValue> items = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            if (items.size() >= MAX_ITERATIONS) {
                throw fail(f, c.line(), "range() has more than " + MAX_ITERATIONS + " items", "");
            }
            items.add(TorchValue.of(i));
        }
        return new TorchValue.Sequence(items, false);
    }

    /** {@code range(...)} with a bound that is a tensor value: a loop the converted model runs. */
    private Object symbolicRange(Frame f, Expr.Call c, List<TorchValue> args) {
        if (args.isEmpty() || args.size() > 3) {
            throw fail(f, c.line(), "bad range() arguments " + args, "");
        }
        TorchValue start = args.size() > 1 ? args.get(0) : TorchValue.of(0L);
        TorchValue stop = args.size() > 1 ? args.get(1) : args.get(0);
        long step = 1;
        if (args.size() == 3) {
            if (!(args.get(2) instanceof TorchValue.Literal l) || !(l.value() instanceof Long x) || x == 0) {
                throw fail(f, c.line(), "range() with step " + args.get(2) + ": the step must be a non-zero "
                        + "integer known when the model is loaded", "");
            }
            step = x;
        }
        return new SymbolicRange(start, stop, step);
    }

    private Object inline(Frame caller, ModuleRef m, FunctionDef method, Expr.Call c) {
        if (++depth > MAX_DEPTH) {
            throw fail(caller, c.line(), "module calls nest more than " + MAX_DEPTH + " deep", "");
        }
        Frame callee = new Frame(m, method.file());
        List<FunctionDef.Param> params = method.params();
        if (c.args().size() > params.size() - 1) {
            throw fail(caller, c.line(), m.path() + "." + method.name() + " takes " + (params.size() - 1)
                    + " arguments, got " + c.args().size(), "");
        }
        Map<String, Object> bound = new HashMap<>();
        for (int i = 0; i < c.args().size(); i++) {
            bound.put(params.get(i + 1).name(), eval(caller, c.args().get(i), 1));
        }
        for (Expr.Keyword k : c.keywords()) {
            bound.put(k.name(), eval(caller, k.value(), 1));
        }
        for (int i = 1; i < params.size(); i++) {
            FunctionDef.Param p = params.get(i);
            Object v = bound.get(p.name());
            if (v == null && p.defaultValue().isPresent()) {
                v = eval(callee, p.defaultValue().get(), 1);
            }
            if (v == null) {
                throw fail(caller, c.line(), m.path() + "." + method.name() + " needs argument `" + p.name() + "`",
                        "");
            }
            callee.locals.put(p.name(), v);
        }
        run(callee, method.body());
        depth--;
        return callee.returned;
    }

    Object node(Frame f, String kind, List<TorchValue> args, Map<String, TorchValue> keywords, int outputs,
            List<String> preferred, int line) {
        List<String> outs = new ArrayList<>(outputs);
        for (int i = 0; i < outputs; i++) {
            String p = i < preferred.size() && !preferred.get(i).isEmpty() ? preferred.get(i)
                    : kind.substring(kind.indexOf(':') + 2);
            outs.add(claim(p));
        }
        Location where = new Location("torch", kind, f.self.path(), f.file, line);
        nodes.add(new TorchNode(kind, args, keywords, outs, where));
        if (outputs == 1) {
            return new TorchValue.Ref(outs.get(0));
        }
        List<TorchValue> refs = new ArrayList<>();
        for (String o : outs) {
            refs.add(new TorchValue.Ref(o));
        }
        return new TorchValue.Sequence(refs, true);
    }

    String claim(String base) {
        String b = base.isEmpty() ? "_" : base;
        String name = b;
        for (int i = 1; !names.add(name); i++) {
            name = b + "_" + i;
        }
        return name;
    }

    TorchValue asValue(Object v, String file, int line, String scope) {
        if (v instanceof TorchValue t) {
            return t;
        }
        throw new ConversionException(Diagnostic.error(describe(v) + " is used as a value")
                .at(new Location("torch", "", scope, file, line)));
    }

    static String describe(Object v) {
        if (v instanceof ModuleRef m) {
            return "module " + m.path() + " (" + m.cls().simpleName() + ")";
        }
        if (v instanceof Namespace n) {
            return "`" + n.dotted() + "`";
        }
        return String.valueOf(v);
    }

    ConversionException fail(Frame f, int line, String message, String hint) {
        Diagnostic d = Diagnostic.error(message).at(new Location("torch", "", f.self.path(), f.file, line));
        return new ConversionException(hint.isEmpty() ? d : d.withHint(hint));
    }

    static String typeText(Expr type) {
        if (type instanceof Expr.Subscript s) {
            return typeText(s.value()) + "[" + (s.index() instanceof Expr.TupleExpr t
                    ? String.join(", ", t.items().stream().map(GraphBuilder::typeText).toList())
                    : typeText(s.index())) + "]";
        }
        if (type instanceof Expr.Constant c) {
            return String.valueOf(c.value());
        }
        return Expr.dottedName(type).orElse("?");
    }
}
