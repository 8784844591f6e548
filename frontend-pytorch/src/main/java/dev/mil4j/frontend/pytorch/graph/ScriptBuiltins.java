package dev.mil4j.frontend.pytorch.graph;

import dev.mil4j.core.diag.Location;
import dev.mil4j.frontend.pytorch.archive.PyNone;
import dev.mil4j.frontend.pytorch.script.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The builtins of TorchScript that are evaluated while the code runs, never becoming nodes: type annotations and
 * checks ({@code annotate}, {@code unchecked_cast}, {@code isinstance}, {@code uninitialized},
 * {@code torch.jit._unwrap_optional}), attribute reflection ({@code getattr}, {@code hasattr}), exceptions
 * ({@code ops.prim.RaiseException}, {@code torch.warn}, {@code torch.format}), lists and dicts ({@code torch.append},
 * {@code torch._set_item}, {@code torch.list}, {@code torch.dict}, {@code torch.__contains__}, {@code torch.keys},
 * {@code torch.values}, {@code len}), identity tests ({@code torch.__is__}, {@code torch.__isnot__}), what a converted
 * model never is ({@code ops.prim.requires_grad}, {@code is_cuda}, ...; {@code torch.jit.is_scripting()} is true),
 * and Python arithmetic and comparisons spelled as torch calls ({@code torch.eq(4, 4)}) on literals.
 */
final class ScriptBuiltins {
    private static final Map<String, String> OPERATORS = Map.ofEntries(Map.entry("add", "+"), Map.entry("sub", "-"),
            Map.entry("mul", "*"), Map.entry("div", "/"), Map.entry("floordiv", "//"), Map.entry("remainder", "%"),
            Map.entry("pow", "**"), Map.entry("__and__", "&"), Map.entry("__or__", "|"), Map.entry("__xor__", "^"),
            Map.entry("eq", "=="), Map.entry("ne", "!="), Map.entry("lt", "<"), Map.entry("le", "<="),
            Map.entry("gt", ">"), Map.entry("ge", ">="));
    private static final List<String> NEVER = List.of("requires_grad", "is_cuda", "is_nested", "is_sparse",
            "is_quantized", "is_mkldnn", "is_meta", "is_xpu", "is_vulkan", "is_mps");

    private final GraphBuilder g;
    private final ScriptEvaluator ev;

    ScriptBuiltins(GraphBuilder g, ScriptEvaluator ev) {
        this.g = g;
        this.ev = ev;
    }

    /** The value of the call when {@code dotted} is a builtin evaluated here, else empty (the call is an op). */
    Optional<Object> call(Frame f, String dotted, Expr.Call c, int outputs, List<String> names) {
        switch (dotted) {
            case "annotate", "unchecked_cast" -> {
                arity(f, c, dotted, 2, 2);
                return Optional.of(ev.eval(f, c.args().get(1), outputs, names));
            }
            case "isinstance" -> {
                arity(f, c, dotted, 2, 2);
                Object v = ev.eval(f, c.args().get(0), 1);
                return Optional.of(TorchValue.of(ScriptTypes.isInstance(v, c.args().get(1))));
            }
            case "uninitialized" -> {
                return Optional.of(Uninitialized.VALUE);
            }
            default -> { }
        }
        String name = dotted.substring(dotted.lastIndexOf('.') + 1);
        boolean torch = dotted.startsWith("torch.") && dotted.indexOf('.') == dotted.lastIndexOf('.')
                || dotted.startsWith("ops.aten.");
        boolean prim = dotted.startsWith("ops.prim.");
        if (prim && NEVER.contains(name)) {
            args(f, c);
            return Optional.of(TorchValue.of(false)); // a converted model runs on CPU and needs no gradients
        }
        switch (dotted) {
            case "torch.jit.is_scripting" -> {
                return Optional.of(TorchValue.of(true));
            }
            case "torch.jit.is_tracing", "torch.is_grad_enabled", "torch.is_autocast_enabled",
                    "torch.is_autocast_cpu_enabled" -> {
                return Optional.of(TorchValue.of(false)); // a converted model runs inference, without autocast
            }
            case "ops.prim.dtype", "torch.is_floating_point" -> {
                arity(f, c, dotted, 1, 1);
                Object v = ev.eval(f, c.args().get(0), 1);
                Optional<Long> code = v instanceof TorchValue t ? g.dtype(t) : Optional.empty();
                if (code.isPresent()) {
                    return Optional.of(TorchValue.of(dotted.equals("ops.prim.dtype") ? code.get()
                            : Dtypes.isFloating(code.get())));
                }
                String kind = dotted.equals("ops.prim.dtype") ? "prim::dtype" : "aten::is_floating_point";
                return Optional.of(g.node(f, kind, List.of(g.asValue(v, f.file, c.line(), f.self.path())), Map.of(),
                        1, names, c.line()));
            }
            case "ops.prim.device" -> {
                args(f, c);
                return Optional.of(TorchValue.of("cpu"));
            }
            case "torch.jit._unwrap_optional", "ops.prim.unchecked_unwrap_optional" -> {
                Object v = args(f, c).get(0);
                if (v instanceof TorchValue.Literal l && l.isNone()) {
                    throw g.fail(f, c.line(), dotted + " of None: the code expects a value here", "");
                }
                return Optional.of(v);
            }
            case "ops.prim.RaiseException" -> {
                List<Object> a = args(f, c);
                throw new ScriptRaise(a.isEmpty() ? "" : text(a.get(0)), where(f, c));
            }
            case "torch._assert" -> {
                assertion(f, c);
                return Optional.of(TorchValue.of(PyNone.NONE));
            }
            case "getattr", "hasattr" -> {
                return Optional.of(reflect(f, dotted, c));
            }
            case "len", "torch.len" -> {
                return Optional.of(length(f, c, names));
            }
            default -> { }
        }
        if (!torch) {
            return Optional.empty();
        }
        return switch (name) {
            case "warn" -> {
                args(f, c);
                yield Optional.of(TorchValue.of(PyNone.NONE));
            }
            case "format" -> Optional.of(TorchValue.of(format(args(f, c))));
            case "append", "_set_item", "list", "dict", "__contains__", "keys", "values", "items", "copy", "clear",
                    "extend", "insert", "pop" -> {
                List<Object> a = args(f, c);
                Optional<Object> r = ScriptContainers.call(g, f, name, a, c.line());
                yield r.isPresent() ? r : Optional.of(opNode(f, "aten::" + name, a, c, outputs, names));
            }
            default -> Optional.empty();
        };
    }

    /**
     * Folds {@code kind} applied to literals: Python arithmetic and comparisons spelled as ops
     * ({@code aten::eq(4, 4)}), {@code int()}/{@code float()}/{@code bool()}/{@code str()} of literals,
     * {@code torch.device("cpu")} (a placement only, kept as the string) and {@code aten::add} of two lists.
     */
    static Optional<TorchValue> fold(String kind, List<TorchValue> args) {
        String op = kind.substring(kind.indexOf("::") + 2);
        if (args.size() == 2 && args.get(0) instanceof TorchValue.Literal x
                && args.get(1) instanceof TorchValue.Literal y) {
            String py = OPERATORS.get(op);
            if (py != null) {
                return foldBinary(py, x.value(), y.value());
            }
            if (op.equals("find") && x.value() instanceof String text && y.value() instanceof String part) {
                return Optional.of(TorchValue.of((long) text.indexOf(part)));
            }
            if ((op.equals("min") || op.equals("max")) && x.value() instanceof Number p
                    && y.value() instanceof Number q) {
                boolean first = op.equals("min") == (p.doubleValue() <= q.doubleValue());
                return Optional.of(first ? x : y);
            }
        }
        if (args.size() == 2 && (op.equals("eq") || op.equals("ne"))
                && args.get(0) instanceof TorchValue.Sequence x && args.get(1) instanceof TorchValue.Sequence y) {
            return sameItems(x, y).map(same -> TorchValue.of(same == op.equals("eq"))); // a size list checked
        }
        if (op.equals("slice") && !args.isEmpty() && args.get(0) instanceof TorchValue.Sequence list
                && !list.tuple()) {
            return sliceList(list, args.subList(1, args.size()));
        }
        if (args.size() == 2 && op.equals("add") && args.get(0) instanceof TorchValue.Sequence x
                && args.get(1) instanceof TorchValue.Sequence y && !x.tuple() && !y.tuple()) {
            List<TorchValue> items = new ArrayList<>(x.items());
            items.addAll(y.items());
            return Optional.of(new TorchValue.Sequence(items, false));
        }
        if (op.equals("find") && args.size() == 4 && args.get(0) instanceof TorchValue.Literal x
                && x.value() instanceof String text && args.get(1) instanceof TorchValue.Literal y
                && y.value() instanceof String part && args.get(2) instanceof TorchValue.Literal from
                && from.value() instanceof Long start && args.get(3) instanceof TorchValue.Literal to
                && to.value() instanceof Long end) {
            int lo = (int) Math.max(0, Math.min(start, text.length()));
            int hi = (int) Math.max(lo, Math.min(end, text.length()));
            int at = text.substring(0, hi).indexOf(part, lo);
            return Optional.of(TorchValue.of((long) at));
        }
        if (args.size() == 1 && (op.equals("all") || op.equals("any")) && args.get(0) instanceof TorchValue.Sequence seq
                && seq.items().stream().allMatch(TorchValue.Literal.class::isInstance)) {
            boolean all = op.equals("all");
            boolean result = all;
            for (TorchValue item : seq.items()) {
                if (Literals.truthy(((TorchValue.Literal) item).value()) != all) {
                    result = !all;
                }
            }
            return Optional.of(TorchValue.of(result)); // all([...]) / any([...]) of a list of known bools
        }
        if (args.size() == 1 && op.equals("sum") && args.get(0) instanceof TorchValue.Sequence seq
                && seq.items().stream().allMatch(v -> v instanceof TorchValue.Literal n && n.value() instanceof Number)) {
            long whole = 0;
            double real = 0;
            boolean integral = true;
            for (TorchValue item : seq.items()) {
                Number n = (Number) ((TorchValue.Literal) item).value();
                integral &= n instanceof Long;
                whole += n.longValue();
                real += n.doubleValue();
            }
            return Optional.of(integral ? TorchValue.of(whole) : TorchValue.of(real)); // sum(shift_size)
        }
        if (args.size() != 1 || !(args.get(0) instanceof TorchValue.Literal l)) {
            return Optional.empty();
        }
        Object v = l.value();
        return switch (op) {
            case "device" -> v instanceof String ? Optional.of(l) : Optional.empty();
            case "Int" -> v instanceof Number n ? Optional.of(TorchValue.of(n.longValue()))
                    : v instanceof Boolean b ? Optional.of(TorchValue.of(b ? 1L : 0L)) : Optional.empty();
            case "Float" -> v instanceof Number n ? Optional.of(TorchValue.of(n.doubleValue())) : Optional.empty();
            case "Bool" -> Optional.of(TorchValue.of(Literals.truthy(v)));
            case "str" -> Optional.of(TorchValue.of(text(l)));
            case "__not__" -> Optional.of(TorchValue.of(!Literals.truthy(v)));
            case "neg" -> v instanceof Long n ? Optional.of(TorchValue.of(-n))
                    : v instanceof Double d ? Optional.of(TorchValue.of(-d)) : Optional.empty();
            case "floor", "ceil" -> v instanceof Double d ? Optional.of(TorchValue.of((long) (op.equals("floor")
                    ? Math.floor(d) : Math.ceil(d)))) : v instanceof Long ? Optional.of(l) : Optional.empty();
            case "sqrt", "exp", "log" -> v instanceof Number n ? Optional.of(TorchValue.of(switch (op) {
                case "sqrt" -> Math.sqrt(n.doubleValue());
                case "exp" -> Math.exp(n.doubleValue());
                default -> Math.log(n.doubleValue());
            })) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /**
     * Whether two lists are equal as Python compares them, when that is known: lengths, then items (literals by
     * value, a named value only with itself); empty when an unknown item decides it.
     */
    private static Optional<Boolean> sameItems(TorchValue.Sequence x, TorchValue.Sequence y) {
        if (x.items().size() != y.items().size()) {
            return Optional.of(false);
        }
        boolean known = true;
        for (int i = 0; i < x.items().size(); i++) {
            TorchValue a = x.items().get(i);
            TorchValue b = y.items().get(i);
            Optional<Boolean> same = a instanceof TorchValue.Literal p && b instanceof TorchValue.Literal q
                    ? Literals.compare("==", p.value(), q.value())
                    : a instanceof TorchValue.Sequence p && b instanceof TorchValue.Sequence q ? sameItems(p, q)
                    : a.equals(b) ? Optional.of(true) : Optional.empty();
            if (same.isPresent() && !same.get()) {
                return Optional.of(false);
            }
            known &= same.isPresent();
        }
        return known ? Optional.of(true) : Optional.empty();
    }

    /** {@code aten::slice(list, start, end, step)} of a known list, as Python slices it (bounds None or ints). */
    private static Optional<TorchValue> sliceList(TorchValue.Sequence list, List<TorchValue> bounds) {
        int n = list.items().size();
        long[] b = {0, n, 1};
        long[] dflt = {0, n, 1};
        for (int i = 0; i < bounds.size() && i < 3; i++) {
            if (!(bounds.get(i) instanceof TorchValue.Literal l)) {
                return Optional.empty();
            }
            if (l.value() instanceof Long v) {
                b[i] = v;
            } else if (l.isNone()) {
                b[i] = dflt[i];
            } else {
                return Optional.empty();
            }
        }
        if (bounds.size() > 3 || b[2] != 1) {
            return Optional.empty();
        }
        long lo = b[0] < 0 ? Math.max(0, b[0] + n) : Math.min(b[0], n);
        long hi = b[1] < 0 ? Math.max(0, b[1] + n) : Math.min(b[1], n);
        return Optional.of(new TorchValue.Sequence(list.items().subList((int) lo, (int) Math.max(lo, hi)), false));
    }

    private static Optional<TorchValue> foldBinary(String op, Object a, Object b) {
        if (a instanceof Boolean x && b instanceof Boolean y && (op.equals("&") || op.equals("|") || op.equals("^"))) {
            return Optional.of(TorchValue.of(switch (op) {
                case "&" -> x & y;
                case "|" -> x | y;
                default -> x ^ y;
            }));
        }
        Optional<Boolean> compared = op.length() <= 2 && "== != < <= > >=".contains(op)
                ? Literals.compare(op, a, b) : Optional.empty();
        if (compared.isPresent()) {
            return Optional.of(TorchValue.of(compared.get()));
        }
        try {
            return Literals.binary(op, a, b).map(TorchValue::of);
        } catch (ArithmeticException e) {
            return Optional.empty(); // an overflow: left to the op
        }
    }

    /**
     * {@code torch._assert(cond, message)} (torchvision's checks of input sizes): known true passes, known false
     * raises the message, a tensor value becomes a guard (as an {@code assert} statement does).
     */
    private void assertion(Frame f, Expr.Call c) {
        arity(f, c, "torch._assert", 2, 2);
        Object cond = ev.eval(f, c.args().get(0), 1);
        if (cond instanceof TorchValue.Literal l && Literals.truthy(l.value())) {
            return;
        }
        ScriptRaise raised = new ScriptRaise(text(ev.eval(f, c.args().get(1), 1)), where(f, c));
        if (cond instanceof TorchValue.Literal) {
            throw raised;
        }
        ControlFlow.guard(g, f, g.asValue(cond, f.file, c.line(), f.self.path()), false, raised, c.line());
    }

    private Object reflect(Frame f, String dotted, Expr.Call c) {
        arity(f, c, dotted, 2, dotted.equals("getattr") ? 3 : 2);
        Object base = ev.eval(f, c.args().get(0), 1);
        Object key = ev.eval(f, c.args().get(1), 1);
        if (!(key instanceof TorchValue.Literal l) || !(l.value() instanceof String attr)) {
            throw g.fail(f, c.line(), dotted + " needs an attribute name known when the model is loaded, got "
                    + GraphBuilder.describe(key), "");
        }
        boolean present = !(base instanceof ModuleRef m) || m.object().attribute(attr).isPresent()
                || m.cls().constants().containsKey(attr) || m.cls().method(attr).isPresent();
        if (dotted.equals("hasattr")) {
            return TorchValue.of(present);
        }
        if (!present && c.args().size() == 3) {
            return ev.eval(f, c.args().get(2), 1);
        }
        return ev.attribute(f, base, attr, c.line());
    }

    private Object length(Frame f, Expr.Call c, List<String> names) {
        arity(f, c, "len", 1, 1);
        Object v = ev.eval(f, c.args().get(0), 1);
        Optional<List<Object>> items = ScriptContainers.items(v);
        if (items.isPresent()) {
            return TorchValue.of((long) items.get().size());
        }
        if (v instanceof ScriptDict d) {
            return TorchValue.of((long) d.entries.size());
        }
        if (v instanceof TorchValue.Literal l && l.value() instanceof String text) {
            return TorchValue.of((long) text.length());
        }
        if (v instanceof ModuleRef m) {
            return TorchValue.of((long) ev.children(f, m, c.line()).size());
        }
        TorchValue value = g.asValue(v, f.file, c.line(), f.self.path());
        Optional<TorchNode> size = g.producer(value).filter(n -> n.kind().equals("aten::size")
                && n.inputs().size() == 1 && n.keywords().isEmpty());
        if (size.isPresent()) { // len(x.size()) is the rank of x
            return g.node(f, "aten::dim", size.get().inputs(), Map.of(), 1, names, c.line());
        }
        return g.node(f, "aten::len", List.of(value), Map.of(), 1, names, c.line());
    }

    /** Python's {@code str.format} with {@code {}} fields; values known only when the model runs print as ?. */
    static String format(List<Object> args) {
        if (args.isEmpty()) {
            return "";
        }
        String fmt = text(args.get(0));
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < fmt.length(); i++) {
            char ch = fmt.charAt(i);
            if (ch == '{' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '{') {
                out.append('{');
                i++;
            } else if (ch == '}' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '}') {
                out.append('}');
                i++;
            } else if (ch == '{') {
                int close = fmt.indexOf('}', i);
                if (close < 0) {
                    out.append(fmt.substring(i));
                    break;
                }
                out.append(next < args.size() ? text(args.get(next++)) : "?");
                i = close;
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** A value as Python's {@code str} prints it, or ? when it is known only when the model runs. */
    static String text(Object v) {
        if (v instanceof TorchValue.Literal l) {
            Object x = l.value();
            if (x instanceof Boolean b) {
                return b ? "True" : "False";
            }
            return x == PyNone.NONE ? "None" : String.valueOf(x);
        }
        if (v instanceof TorchValue.Sequence s) {
            List<String> parts = s.items().stream().map(ScriptBuiltins::text).toList();
            return (s.tuple() ? "(" : "[") + String.join(", ", parts) + (s.tuple() ? ")" : "]");
        }
        if (v instanceof ScriptList l) {
            return "[" + String.join(", ", l.items.stream().map(ScriptBuiltins::text).toList()) + "]";
        }
        return "?";
    }

    /** The positional arguments, evaluated. */
    private List<Object> args(Frame f, Expr.Call c) {
        List<Object> out = new ArrayList<>();
        for (Expr e : c.args()) {
            out.add(ev.eval(f, e, 1));
        }
        return out;
    }

    /** A node of {@code kind} on positional arguments already evaluated (the keywords are evaluated now). */
    private Object opNode(Frame f, String kind, List<Object> args, Expr.Call c, int outputs, List<String> names) {
        List<TorchValue> values = new ArrayList<>();
        for (Object a : args) {
            values.add(g.asValue(a, f.file, c.line(), f.self.path()));
        }
        Map<String, TorchValue> keywords = new LinkedHashMap<>();
        for (Expr.Keyword k : c.keywords()) {
            keywords.put(k.name(), g.asValue(ev.eval(f, k.value(), 1), f.file, c.line(), f.self.path()));
        }
        return g.node(f, kind, values, keywords, outputs, names, c.line());
    }

    private void arity(Frame f, Expr.Call c, String name, int min, int max) {
        int n = c.args().size();
        if (n < min || n > max || !c.keywords().isEmpty()) {
            throw g.fail(f, c.line(), name + " takes " + (min == max ? String.valueOf(min) : min + " to " + max)
                    + " positional arguments, got " + n + (c.keywords().isEmpty() ? "" : " and keywords"), "");
        }
    }

    private static Location where(Frame f, Expr.Call c) {
        return new Location("torch", "", f.self.path(), f.file, c.line());
    }
}
