package dev.mil4j.frontend.pytorch.graph;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.frontend.pytorch.archive.PyNone;
import dev.mil4j.frontend.pytorch.archive.PyTuple;
import dev.mil4j.frontend.pytorch.archive.TorchObject;
import dev.mil4j.frontend.pytorch.archive.TorchTensor;
import dev.mil4j.frontend.pytorch.script.ClassDef;
import dev.mil4j.frontend.pytorch.script.Expr;
import dev.mil4j.frontend.pytorch.script.FunctionDef;
import dev.mil4j.frontend.pytorch.script.ScriptCode;
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
 * Builds the {@link TorchGraph} of a module's {@code forward} by running its TorchScript code symbolically. This class
 * runs the statements (assignments and unpacking, {@code if}, loops, {@code return}, {@code assert}, {@code raise})
 * and owns what the run produces: the node list, the tensors read, the value names. Expressions are the
 * {@link ScriptEvaluator}'s; control flow on tensor values is {@link ControlFlow}'s. Conditions known when the model is
 * loaded are evaluated away and loops over known ranges unrolled; each node records its module path and code line.
 */
public final class GraphBuilder {
    static final int MAX_ITERATIONS = 100_000;

    private final ScriptEvaluator evaluator;
    /** The node list being filled: the graph's, or a nested block's while its code runs. */
    private List<TorchNode> nodes = new ArrayList<>();
    private final Map<String, TorchTensor> tensors = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();
    private final Map<String, TorchNode> producers = new HashMap<>();
    /** The shapes the user gave for the graph inputs, by input name. */
    private final Map<String, Shape> inputShapes = new HashMap<>();
    private final Ranks ranks = new Ranks();
    private final Dtypes dtypes = new Dtypes();
    private final StaticShapes sizes = new StaticShapes();
    private final Functionalizer functional = new Functionalizer(this);
    private int iterations;

    private GraphBuilder(ScriptCode code, List<Object> constants) {
        this.evaluator = new ScriptEvaluator(this, code, constants);
    }

    /**
     * Builds the graph of {@code root.forward}.
     *
     * @param code every class and free function of the archive's code, by qualified name
     * @param constants the items of {@code constants.pkl}, read as {@code CONSTANTS.c0}, {@code CONSTANTS.c1}, ...
     * @throws ConversionException when the code does something that cannot become a graph, or raises an exception
     *         for this model on a path known when it is loaded
     */
    public static TorchGraph build(TorchObject root, ScriptCode code, PyTuple constants) {
        return build(root, code, constants, List.of());
    }

    /**
     * Builds the graph of {@code root.forward}, knowing the shapes of its inputs ({@code shapes.get(i)} for the i-th
     * argument after {@code self}, where given): rank and size queries of the inputs ({@code torch.dim(x)},
     * {@code torch.size(x, 1)}) then fold, and with them the conditions the code checks.
     */
    public static TorchGraph build(TorchObject root, ScriptCode code, PyTuple constants,
            List<Optional<Shape>> shapes) {
        return build(root, code, constants, shapes, List.of());
    }

    /**
     * Builds the graph of {@code root.forward}, knowing the shapes and element types of its inputs where given
     * ({@code types.get(i)} for the i-th argument after {@code self}; int32 stands for PyTorch's int64, as the
     * converter maps it): dtype checks of the inputs ({@code x.dtype == torch.float32}) then fold too.
     */
    public static TorchGraph build(TorchObject root, ScriptCode code, PyTuple constants,
            List<Optional<Shape>> shapes, List<Optional<DType>> types) {
        requireNonNull(root, "root is null");
        requireNonNull(code, "code is null");
        requireNonNull(shapes, "shapes is null");
        requireNonNull(types, "types is null");
        try {
            return new GraphBuilder(code, constants.items()).buildGraph(root, shapes, types);
        } catch (ScriptRaise r) {
            throw r.diagnostic();
        }
    }

    private TorchGraph buildGraph(TorchObject root, List<Optional<Shape>> shapes, List<Optional<DType>> types) {
        ClassDef cls = evaluator.classOf(root, "the root module");
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
            if (i - 1 >= shapes.size() && !shapes.isEmpty() && p.defaultValue().isPresent()) {
                // an argument the caller leaves out, as model(x) does: its default (nn.LSTM's hx=None)
                frame.locals.put(p.name(), evaluator.eval(frame, p.defaultValue().get(), 1));
                continue;
            }
            String name = claim(p.name());
            inputs.add(new TorchGraph.Input(name, p.type().map(ScriptTypes::typeText).orElse("Tensor")));
            if (i - 1 < shapes.size() && shapes.get(i - 1).isPresent()) {
                inputShapes.put(name, shapes.get(i - 1).get());
                ranks.set(name, shapes.get(i - 1).get().rank());
                if (shapes.get(i - 1).get().isStatic()) {
                    sizes.set(name, shapes.get(i - 1).get().toLongArray());
                }
                Optional<DType> type = i - 1 < types.size() ? types.get(i - 1) : Optional.empty();
                Dtypes.code(type.orElse(DType.FP32)).ifPresent(c -> dtypes.set(name, c));
            }
            frame.locals.put(p.name(), new TorchValue.Ref(name));
        }
        run(frame, forward.body());
        List<TorchValue> outputs = new ArrayList<>();
        flatten(frame, frame.returned, forward.line(), outputs);
        List<TorchValue> results = functional.read(outputs, where(frame, forward.line()));
        List<TorchNode> kept = functional.prune(nodes, results, name -> tensors.containsKey(name)
                || inputs.stream().anyMatch(in -> in.name().equals(name)));
        return new TorchGraph(inputs, kept, tensors, results, functional.table().writtenRoots());
    }

    /**
     * The returned values as outputs: tuples, lists and dict values flattened, in order; {@code None} items (the
     * absent auxiliary outputs of a scripted GoogLeNet) are left out.
     */
    private void flatten(Frame f, Object v, int line, List<TorchValue> out) {
        Optional<List<Object>> items = ScriptContainers.items(v);
        if (items.isPresent() || v instanceof ScriptDict) {
            for (Object item : items.orElseGet(() -> new ArrayList<>(((ScriptDict) v).entries.values()))) {
                if (!(item instanceof TorchValue.Literal l && l.isNone())) {
                    flatten(f, item, line, out);
                }
            }
        } else {
            out.add(asValue(v, f.file, line, f.self.path()));
        }
    }

    // ---- statements ----

    Flow run(Frame f, List<Stmt> body) {
        for (int i = 0; i < body.size(); i++) {
            Stmt s = body.get(i);
            Optional<Expr.TupleExpr> unpacked = Unpacking.next(body, i);
            if (unpacked.isPresent()) { // the call makes one output per name the next statement unpacks
                Stmt.Assign a = (Stmt.Assign) s;
                f.locals.put(Unpacking.name(a), evaluator.eval(f, a.value(), unpacked.get().items().size(),
                        Unpacking.targetNames(unpacked.get())));
                continue;
            }
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
            return Loops.forLoop(this, f, loop);
        } else if (s instanceof Stmt.While w) {
            return Loops.whileLoop(this, f, w);
        } else if (s instanceof Stmt.Assert a) {
            assertion(f, a);
        } else if (s instanceof Stmt.Raise r) {
            throw new ScriptRaise(r.exception().map(e -> message(f, e)).orElse(""), where(f, r.line()));
        } else if (s instanceof Stmt.Break) {
            return Flow.BREAK;
        } else if (s instanceof Stmt.Continue) {
            return Flow.CONTINUE;
        } else if (s instanceof Stmt.AnnAssign a && a.value().isPresent()) {
            f.locals.put(a.name(), eval(f, a.value().get(), 1));
        }
        return Flow.NORMAL;
    }

    /**
     * {@code assert cond, message}: known true passes, known false raises; on a tensor value it is the check
     * {@code if not cond: raise AssertionError(message)}, which {@link ControlFlow} records.
     */
    private void assertion(Frame f, Stmt.Assert a) {
        Object v = eval(f, a.cond(), 1);
        if (v instanceof TorchValue.Literal l) {
            if (!Literals.truthy(l.value())) {
                throw new ScriptRaise(a.message().map(m -> message(f, m)).orElse("assertion failed"),
                        where(f, a.line()));
            }
            return;
        }
        Stmt raise = new Stmt.Raise(a.message(), a.line());
        ControlFlow.tensorIf(this, f, new Stmt.If(a.cond(), List.of(), List.of(raise), a.line()),
                asValue(v, f.file, a.line(), f.self.path()));
    }

    /** The text of a raised exception: {@code Exception("...")} or {@code "..."} evaluated, else its class name. */
    private String message(Frame f, Expr exception) {
        if (exception instanceof Expr.Call c && Expr.dottedName(c.func()).isPresent()) {
            return c.args().isEmpty() ? Expr.dottedName(c.func()).get()
                    : ScriptBuiltins.text(eval(f, c.args().get(0), 1));
        }
        Object v = eval(f, exception, 1);
        return v instanceof TorchValue.Literal ? ScriptBuiltins.text(v) : Expr.dottedName(exception).orElse("");
    }

    static Location where(Frame f, int line) {
        return new Location("torch", "", f.self.path(), f.file, line);
    }

    void countIteration(Frame f, int line) {
        if (++iterations > MAX_ITERATIONS) {
            throw fail(f, line, "loops run more than " + MAX_ITERATIONS + " iterations in all", "");
        }
    }

    private void assign(Frame f, Expr target, Expr value, int line) {
        if (target instanceof Expr.TupleExpr t && value instanceof Expr.TupleExpr v
                && t.items().size() == v.items().size()) {
            // a, b = x, y: item by item, so that an item may be any value (a module, a list, uninitialized)
            List<Object> items = new ArrayList<>();
            for (Expr item : v.items()) {
                items.add(eval(f, item, 1));
            }
            for (int i = 0; i < items.size(); i++) {
                bind(f, t.items().get(i), items.get(i), line);
            }
        } else if (target instanceof Expr.TupleExpr t && value instanceof Expr.Call) {
            Object v = evaluator.eval(f, value, t.items().size(), Unpacking.targetNames(t));
            if (t.items().size() == 1 && ScriptContainers.items(v).isEmpty() && v instanceof TorchValue tv
                    && producer(tv).filter(n -> n.outputs().size() == 1
                            && !ScriptCalls.LIST_RESULTS.contains(n.kind())).isPresent()) {
                // x, = torch.unbind(y): the node's outputs are the list's items, so its one output is the one item
                bind(f, t.items().get(0), v, line);
            } else {
                bind(f, target, v, line);
            }
        } else if (target instanceof Expr.Name n) {
            f.locals.put(n.id(), evaluator.eval(f, value, 1, List.of(n.id())));
        } else {
            bind(f, target, eval(f, value, 1), line);
        }
    }

    void bind(Frame f, Expr target, Object value, int line) {
        if (target instanceof Expr.Name n) {
            f.locals.put(n.id(), value);
            return;
        }
        if (target instanceof Expr.TupleExpr t) {
            Optional<List<Object>> items = ScriptContainers.items(value);
            if (items.isEmpty() || items.get().size() != t.items().size()) {
                throw fail(f, line, "cannot unpack " + describe(value) + " into " + t.items().size() + " names", "");
            }
            for (int i = 0; i < t.items().size(); i++) {
                bind(f, t.items().get(i), items.get().get(i), line);
            }
            return;
        }
        throw fail(f, line, "assigning to " + target.getClass().getSimpleName() + " is not supported", "");
    }

    /** The expression evaluator. */
    ScriptEvaluator evaluator() {
        return evaluator;
    }

    /** Evaluates an expression (see {@link ScriptEvaluator}). */
    Object eval(Frame f, Expr e, int outputs) {
        return evaluator.eval(f, e, outputs, List.of());
    }

    // ---- what the run produces ----

    /** Starts a nested block: nodes go to a fresh list until {@link #endBlock} gives back {@code outer}'s. */
    List<TorchNode> startBlock() {
        functional.enterBlock();
        List<TorchNode> outer = nodes;
        nodes = new ArrayList<>();
        return outer;
    }

    /**
     * Ends a nested block: its nodes, and the outer list filled again from now on. The tensors {@code f}'s locals
     * name are read as their current values first, so the values the block gives back reflect its in-place writes.
     */
    List<TorchNode> endBlock(List<TorchNode> outer, Frame f) {
        Location at = where(f, 0);
        f.locals.replaceAll((k, v) -> v instanceof TorchValue.Ref r ? functional.read(r, at) : v);
        List<TorchNode> block = nodes;
        nodes = outer;
        functional.leaveBlock();
        return block;
    }

    /** Adds a finished control-flow node to the current list, its inputs read as their current values. */
    void add(TorchNode node) {
        nodes.add(new TorchNode(node.kind(), functional.read(node.inputs(), node.location()), node.keywords(),
                node.outputs(), node.location(), node.blocks()));
    }

    /** A value read as its current value (the values a nested block gives back). */
    TorchValue current(TorchValue v, Location at) {
        return functional.read(v, at);
    }

    /** Records a tensor the graph reads (a parameter, buffer or constant) under its dotted name. */
    void readTensor(String name, TorchTensor t) {
        tensors.putIfAbsent(name, t);
        ranks.set(name, t.sizes().size());
        sizes.set(name, t.sizes().stream().mapToLong(Long::longValue).toArray());
        dtypes.set(name, Dtypes.code(t.storage().dtype()));
    }

    /**
     * Adds a node of {@code kind} as the code calls it; its outputs take the {@code preferred} names where given (the
     * local names the code assigns), else the op's name. Inputs are read as their current values and in-place ops
     * become functional nodes ({@link Functionalizer}). Returns the output, or a tuple of them when there are
     * several.
     */
    Object node(Frame f, String kind, List<TorchValue> args, Map<String, TorchValue> keywords, int outputs,
            List<String> preferred, int line) {
        return functional.node(kind, args, keywords, outputs, preferred,
                new Location("torch", kind, f.self.path(), f.file, line));
    }

    /** Adds a node whose inputs are already current values, at {@code at} (whose node field names no op yet). */
    Object emit(String kind, List<TorchValue> args, Map<String, TorchValue> keywords, int outputs,
            List<String> preferred, Location at) {
        List<String> outs = new ArrayList<>(outputs);
        for (int i = 0; i < outputs; i++) {
            String p = i < preferred.size() && !preferred.get(i).isEmpty() ? preferred.get(i)
                    : kind.substring(kind.indexOf(':') + 2);
            outs.add(claim(p));
        }
        Location where = new Location("torch", kind, at.scope(), at.file(), at.line());
        TorchNode node = new TorchNode(kind, args, keywords, outs, where);
        nodes.add(node);
        for (String o : outs) {
            producers.put(o, node);
        }
        ranks.infer(node);
        if (kind.equals("aten::__getitem__") && producer(args.get(0)).filter(p -> p.kind().equals("aten::size"))
                .isPresent()) {
            ranks.number(outs.get(0)); // an item of a size list
        }
        dtypes.infer(node);
        sizes.infer(node, ranks, dtypes);
        if (outputs == 1) {
            return new TorchValue.Ref(outs.get(0));
        }
        List<TorchValue> refs = new ArrayList<>();
        for (String o : outs) {
            refs.add(new TorchValue.Ref(o));
        }
        return new TorchValue.Sequence(refs, true);
    }

    /** {@code to} has the rank, sizes and dtype of {@code from}, where known (a written tensor's new value). */
    void copyRank(String from, String to) {
        TorchValue.Ref source = new TorchValue.Ref(from);
        ranks.of(source).ifPresent(r -> ranks.set(to, r));
        sizes.of(source).ifPresent(s -> sizes.set(to, s));
        dtypes.of(source).ifPresent(c -> dtypes.set(to, c));
    }

    /**
     * The shape of a value, when known: a graph input's as the user gave it (symbolic dims included), else every
     * size of a tensor or computed value where they follow from the inputs' static shapes ({@link StaticShapes}).
     */
    Optional<Shape> knownShape(TorchValue v) {
        if (v instanceof TorchValue.Ref r && inputShapes.containsKey(r.name())) {
            return Optional.of(inputShapes.get(r.name()));
        }
        return v instanceof TorchValue.Ref ? sizes.of(v).map(Shape::of) : Optional.empty();
    }

    /** The rank of a value, when it follows from the inputs' shapes (see {@link Ranks}). */
    Optional<Integer> rank(TorchValue v) {
        return ranks.of(v);
    }

    /** The PyTorch dtype code of a value, when it follows from the inputs' types (see {@link Dtypes}). */
    Optional<Long> dtype(TorchValue v) {
        return dtypes.of(v);
    }

    /** The node that made a value, if a node did. */
    Optional<TorchNode> producer(TorchValue v) {
        return v instanceof TorchValue.Ref r ? Optional.ofNullable(producers.get(r.name())) : Optional.empty();
    }

    /** A value name not used before: {@code base}, else {@code base_1}, {@code base_2}, ... */
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
        if (v instanceof ScriptList l) {
            List<TorchValue> items = new ArrayList<>(l.items.size());
            for (Object item : l.items) {
                items.add(asValue(item, file, line, scope));
            }
            return new TorchValue.Sequence(items, false);
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
}
