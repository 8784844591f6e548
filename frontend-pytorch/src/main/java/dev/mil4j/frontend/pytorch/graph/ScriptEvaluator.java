package dev.mil4j.frontend.pytorch.graph;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.frontend.pytorch.archive.PyNone;
import dev.mil4j.frontend.pytorch.archive.PyTuple;
import dev.mil4j.frontend.pytorch.archive.TorchObject;
import dev.mil4j.frontend.pytorch.archive.TorchTensor;
import dev.mil4j.frontend.pytorch.script.ClassDef;
import dev.mil4j.frontend.pytorch.script.Expr;
import dev.mil4j.frontend.pytorch.script.ScriptCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates TorchScript expressions while a {@link GraphBuilder} runs code: literals and Python arithmetic on them
 * fold at once; names resolve to locals, {@code self} and builtin namespaces; {@code self.x} chains to submodules,
 * parameters, buffers, attributes and class constants; subscripts of known lists index them; operators on tensors
 * become nodes ({@code a + b} is {@code aten::add}). Calls are {@link ScriptCalls}'.
 */
final class ScriptEvaluator {
    private static final Set<String> BUILTINS = Set.of("torch", "ops", "CONSTANTS", "annotate", "int", "float",
            "bool", "len", "range", "unchecked_cast", "math", "Tensor", "List", "Tuple", "Optional", "Dict",
            "__torch__", "str", "uninitialized", "NoneType", "Final", "Device", "number", "isinstance", "getattr",
            "hasattr", "Any", "Union", "builtins", "Exception", "AssertionError", "ValueError", "RuntimeError");

    private final GraphBuilder g;
    private final ScriptCalls calls;
    private final ScriptOperators operators;
    private final ScriptCode code;
    private final List<Object> constants;

    ScriptEvaluator(GraphBuilder g, ScriptCode code, List<Object> constants) {
        this.g = g;
        this.code = code;
        this.constants = constants;
        this.calls = new ScriptCalls(g, this);
        this.operators = new ScriptOperators(g, this);
    }

    ClassDef classOf(TorchObject o, String what) {
        ClassDef cls = code.classes().get(o.className());
        if (cls == null) {
            throw new ConversionException(Diagnostic.error(what + " is a " + o.className()
                    + ", but the archive's code has no class of that name"));
        }
        return cls;
    }


    boolean condition(Frame f, Expr cond, String what, int line) {
        Object v = eval(f, cond, 1);
        if (v instanceof TorchValue.Literal l) {
            return Literals.truthy(l.value());
        }
        throw g.fail(f, line, "the condition of `" + what + "` depends on tensor values (" + GraphBuilder.describe(v)
                + "); only conditions known when the model is loaded can be converted",
                "trace the model (torch.jit.trace) with a representative input, or make the condition static");
    }


    Object eval(Frame f, Expr e, int outputs) {
        return eval(f, e, outputs, List.of());
    }

    /**
     * Evaluates {@code e}; a call that makes a node gives it {@code outputs} outputs, named after {@code names} (the
     * local names the code assigns them to) where given.
     */
    Object eval(Frame f, Expr e, int outputs, List<String> names) {
        if (e instanceof Expr.Constant c) {
            return TorchValue.of(c.value());
        } else if (e instanceof Expr.Name n) {
            return lookup(f, n);
        } else if (e instanceof Expr.Attribute a) {
            return attribute(f, eval(f, a.value(), 1), a.attr(), a.line());
        } else if (e instanceof Expr.Call c) {
            return calls.call(f, c, outputs, names);
        } else if (e instanceof Expr.ListExpr l) {
            List<Object> items = new ArrayList<>();
            for (Expr item : l.items()) {
                items.add(eval(f, item, 1));
            }
            return new ScriptList(items);
        } else if (e instanceof Expr.DictExpr d) {
            ScriptDict dict = new ScriptDict();
            for (int i = 0; i < d.keys().size(); i++) {
                dict.entries.put(ScriptContainers.key(g, f, eval(f, d.keys().get(i), 1), d.line()),
                        eval(f, d.values().get(i), 1));
            }
            return dict;
        } else if (e instanceof Expr.TupleExpr t) {
            List<Object> items = new ArrayList<>();
            for (Expr item : t.items()) {
                items.add(eval(f, item, 1));
            }
            if (items.stream().anyMatch(v -> v instanceof ScriptDict || v instanceof ScriptTuple
                    || v instanceof ModuleRef || v instanceof Uninitialized)) {
                return new ScriptTuple(items);
            }
            List<TorchValue> values = new ArrayList<>(items.size());
            for (Object item : items) {
                values.add(g.asValue(item, f.file, t.line(), f.self.path()));
            }
            return new TorchValue.Sequence(values, true);
        } else if (e instanceof Expr.Subscript s) {
            return subscript(f, s, names);
        } else if (e instanceof Expr.BinOp b) {
            return operators.binary(f, b, names);
        } else if (e instanceof Expr.UnaryOp u) {
            return operators.unary(f, u, names);
        } else if (e instanceof Expr.Compare c) {
            return operators.compare(f, c, names);
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
        throw g.fail(f, e.line(), "a slice outside a subscript", "");
    }

    List<TorchValue> values(Frame f, List<Expr> items, int line) {
        List<TorchValue> out = new ArrayList<>(items.size());
        for (Expr item : items) {
            out.add(g.asValue(eval(f, item, 1), f.file, line, f.self.path()));
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
        throw g.fail(f, n.line(), "name `" + n.id() + "` is not defined", "");
    }

    Object attribute(Frame f, Object base, String attr, int line) {
        if (base instanceof Namespace ns) {
            if (ns.dotted().equals("CONSTANTS")) {
                return constant(f, attr, line);
            }
            return new Namespace(ns.dotted() + "." + attr);
        }
        if (base instanceof ModuleRef m) {
            return moduleAttribute(f, m, attr, line);
        }
        throw g.fail(f, line, "cannot read attribute `" + attr + "` of " + GraphBuilder.describe(base), "");
    }

    private Object constant(Frame f, String attr, int line) {
        int index;
        try {
            index = attr.startsWith("c") ? Integer.parseInt(attr.substring(1)) : -1;
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0 || index >= constants.size()) {
            throw g.fail(f, line, "CONSTANTS." + attr + " does not exist: constants.pkl holds " + constants.size()
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
            throw g.fail(f, line, m.path() + " (" + m.cls().simpleName() + ") has no attribute `" + attr + "`", "");
        }
        String path = m.path() + "." + attr;
        if (v.get() instanceof TorchObject child) {
            return new ModuleRef(path, child, classOf(child, "attribute " + path));
        }
        return fromAttribute(f, path, v.get(), line);
    }

    private Object fromAttribute(Frame f, String path, Object value, int line) {
        if (value instanceof TorchTensor t) {
            g.readTensor(path, t);
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
                out.add(g.asValue(fromAttribute(f, path + "." + i, items.get(i), line), f.file, line, f.self.path()));
            }
            return new TorchValue.Sequence(out, value instanceof PyTuple);
        }
        if (value instanceof Map<?, ?> map) {
            ScriptDict dict = new ScriptDict();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                dict.entries.put(e.getKey(), fromAttribute(f, path + "." + e.getKey(), e.getValue(), line));
            }
            return dict;
        }
        throw g.fail(f, line, path + " holds a " + value.getClass().getSimpleName()
                + ", which the converter cannot use", "");
    }

    private Object subscript(Frame f, Expr.Subscript s, List<String> names) {
        Object base = eval(f, s.value(), 1);
        if (base instanceof Namespace) {
            return base; // a type such as List[int]
        }
        Optional<List<Object>> items = ScriptContainers.items(base);
        if (items.isPresent()) {
            List<Object> list = items.get();
            if (s.index() instanceof Expr.Slice sl) {
                int n = list.size();
                int lo = sliceBound(f, sl.lower(), 0, n, s.line());
                int hi = sliceBound(f, sl.upper(), n, n, s.line());
                List<Object> part = list.subList(Math.min(lo, hi), hi);
                return base instanceof TorchValue.Sequence seq && seq.tuple()
                        ? new TorchValue.Sequence(part.stream().map(TorchValue.class::cast).toList(), true)
                        : new ScriptList(part);
            }
            Object idx = eval(f, s.index(), 1);
            if (idx instanceof TorchValue.Literal l && l.value() instanceof Long i) {
                int n = list.size();
                long k = i < 0 ? i + n : i;
                if (k < 0 || k >= n) {
                    throw g.fail(f, s.line(), "index " + i + " is out of range for " + base, "");
                }
                return list.get((int) k);
            }
        }
        if (base instanceof ScriptDict d) {
            Object key = ScriptContainers.key(g, f, eval(f, s.index(), 1), s.line());
            Object v = d.entries.get(key);
            if (v == null) {
                throw g.fail(f, s.line(), "the dict holds no key " + key + " (it holds " + d.entries.keySet() + ")",
                        "");
            }
            return v;
        }
        if (base instanceof ModuleRef m) {
            Object idx = eval(f, s.index(), 1);
            if (idx instanceof TorchValue.Literal l && (l.value() instanceof Long || l.value() instanceof String)) {
                if (l.value() instanceof Long i) {
                    List<ModuleRef> children = children(f, m, s.line());
                    long k = i < 0 ? i + children.size() : i;
                    if (k < 0 || k >= children.size()) {
                        throw g.fail(f, s.line(), "index " + i + " is out of range for the " + children.size()
                                + " submodules of " + GraphBuilder.describe(m), "");
                    }
                    return children.get((int) k);
                }
                return moduleAttribute(f, m, (String) l.value(), s.line());
            }
        }
        TorchValue value = g.asValue(base, f.file, s.line(), f.self.path());
        if (s.index() instanceof Expr.Slice sl) {
            throw g.fail(f, s.line(), "slicing " + value + " with [a:b] is not supported; TorchScript writes tensor "
                    + "slices as torch.slice", "");
        }
        TorchValue index = g.asValue(eval(f, s.index(), 1), f.file, s.line(), f.self.path());
        return g.node(f, "aten::__getitem__", List.of(value, index), Map.of(), 1, names, s.line());
    }

    private int sliceBound(Frame f, Optional<Expr> e, int dflt, int n, int line) {
        if (e.isEmpty()) {
            return dflt;
        }
        Object v = eval(f, e.get(), 1);
        if (!(v instanceof TorchValue.Literal l) || !(l.value() instanceof Long i)) {
            throw g.fail(f, line, "a list slice bound must be a known integer, got " + GraphBuilder.describe(v), "");
        }
        long k = i < 0 ? Math.max(0, i + n) : Math.min(i, n);
        return (int) k;
    }

    /** The submodules of {@code m} in attribute order: the items of an {@code nn.Sequential} or {@code ModuleList}. */
    List<ModuleRef> children(Frame f, ModuleRef m, int line) {
        List<ModuleRef> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : m.object().attributes().entrySet()) {
            if (e.getValue() instanceof TorchObject) {
                out.add((ModuleRef) moduleAttribute(f, m, e.getKey(), line));
            }
        }
        return out;
    }

    /** Whether {@code a is b}, when known (see {@link ScriptOperators#identical}). */
    Optional<Boolean> identical(Object a, Object b) {
        return operators.identical(a, b);
    }

    /** The archive's classes and free functions. */
    ScriptCode code() {
        return code;
    }

}
