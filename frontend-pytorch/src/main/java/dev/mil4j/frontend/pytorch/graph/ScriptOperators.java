package dev.mil4j.frontend.pytorch.graph;

import dev.mil4j.frontend.pytorch.script.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Operators while code runs, for the {@link ScriptEvaluator}: on literals they fold (Python arithmetic and
 * comparisons), on lists they concatenate and repeat, {@code is} and {@code in} are decided where the values are
 * known, and on tensors they become nodes ({@code a + b} is {@code aten::add}, {@code x in xs}
 * {@code aten::__contains__}).
 */
final class ScriptOperators {
    private final GraphBuilder g;
    private final ScriptEvaluator ev;

    ScriptOperators(GraphBuilder g, ScriptEvaluator ev) {
        this.g = g;
        this.ev = ev;
    }

    Object binary(Frame f, Expr.BinOp b, List<String> names) {
        Object left = ev.eval(f, b.left(), 1);
        Object right = ev.eval(f, b.right(), 1);
        if (left instanceof TorchValue.Literal x && right instanceof TorchValue.Literal y) {
            Optional<Object> r;
            try {
                r = Literals.binary(b.op(), x.value(), y.value());
            } catch (ArithmeticException e) {
                throw g.fail(f, b.line(), "`" + x + " " + b.op() + " " + y + "` overflows", "");
            }
            if (r.isPresent()) {
                return TorchValue.of(r.get());
            }
        }
        Optional<List<Object>> xs = ScriptContainers.items(left);
        Optional<List<Object>> ys = ScriptContainers.items(right);
        if (xs.isPresent() && ys.isPresent() && b.op().equals("+")) {
            List<Object> items = new ArrayList<>(xs.get());
            items.addAll(ys.get());
            return left instanceof TorchValue.Sequence seq && seq.tuple()
                    ? new TorchValue.Sequence(items.stream().map(TorchValue.class::cast).toList(), true)
                    : new ScriptList(items);
        }
        if (xs.isPresent() && b.op().equals("*") && right instanceof TorchValue.Literal n
                && n.value() instanceof Long times && times >= 0
                && times * xs.get().size() <= GraphBuilder.MAX_ITERATIONS) {
            List<Object> items = new ArrayList<>();
            for (long i = 0; i < times; i++) {
                items.addAll(xs.get());
            }
            return new ScriptList(items);
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
        return g.node(f, kind, List.of(g.asValue(left, f.file, b.line(), f.self.path()),
                g.asValue(right, f.file, b.line(), f.self.path())), Map.of(), 1, names, b.line());
    }

    Object unary(Frame f, Expr.UnaryOp u, List<String> names) {
        Object v = ev.eval(f, u.operand(), 1);
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
        return g.node(f, kind, List.of(g.asValue(v, f.file, u.line(), f.self.path())), Map.of(), 1, names, u.line());
    }

    Object compare(Frame f, Expr.Compare c, List<String> names) {
        Object left = ev.eval(f, c.left(), 1);
        Object right = ev.eval(f, c.right(), 1);
        if (left instanceof TorchValue.Literal x && right instanceof TorchValue.Literal y) {
            Optional<Boolean> r = Literals.compare(c.op(), x.value(), y.value());
            if (r.isPresent()) {
                return TorchValue.of(r.get());
            }
        }
        if (c.op().equals("is") || c.op().equals("is not")) {
            Optional<Boolean> same = identical(left, right);
            if (same.isPresent()) {
                return TorchValue.of(same.get() == c.op().equals("is"));
            }
        }
        if (c.op().equals("in") || c.op().equals("not in")) {
            Optional<Object> found = ScriptContainers.call(g, f, "__contains__", List.of(right, left), c.line());
            if (found.isPresent() && found.get() instanceof TorchValue.Literal l && l.value() instanceof Boolean b) {
                return TorchValue.of(b == c.op().equals("in"));
            }
            Object in = g.node(f, "aten::__contains__", List.of(g.asValue(right, f.file, c.line(), f.self.path()),
                    g.asValue(left, f.file, c.line(), f.self.path())), Map.of(), 1, names, c.line());
            return c.op().equals("in") ? in : g.node(f, "aten::__not__", List.of((TorchValue) in), Map.of(), 1,
                    names, c.line());
        }
        String kind = switch (c.op()) {
            case "==" -> "aten::eq";
            case "!=" -> "aten::ne";
            case "<" -> "aten::lt";
            case "<=" -> "aten::le";
            case ">" -> "aten::gt";
            case ">=" -> "aten::ge";
            default -> throw g.fail(f, c.line(), "comparison `" + c.op() + "` of " + GraphBuilder.describe(left)
                    + " and " + GraphBuilder.describe(right) + " is not supported", "");
        };
        return g.node(f, kind, List.of(g.asValue(left, f.file, c.line(), f.self.path()),
                g.asValue(right, f.file, c.line(), f.self.path())), Map.of(), 1, names, c.line());
    }

    /**
     * Whether {@code a is b}, when known while code runs: literals by value, None against anything else (a tensor,
     * module or list is never None), the same object or named value; two different named values are different
     * tensors (cross-attention's {@code query is not key}), unless one is an in-place op's result, which is its
     * input; else empty.
     */
    Optional<Boolean> identical(Object a, Object b) {
        if (a instanceof TorchValue.Literal x && b instanceof TorchValue.Literal y) {
            return Optional.of(x.equals(y));
        }
        if (isNone(a) || isNone(b) || a == b) {
            return Optional.of(a == b);
        }
        if (a instanceof TorchValue.Ref x && b instanceof TorchValue.Ref y) {
            if (x.equals(y)) {
                return Optional.of(true); // the same value (query is key in self-attention)
            }
            return inPlace(x) || inPlace(y) ? Optional.empty() : Optional.of(false);
        }
        return Optional.empty();
    }

    /** Whether a named value is the result of an in-place op ({@code y = x.add_(1)} is {@code x}). */
    private boolean inPlace(TorchValue.Ref v) {
        return g.producer(v).map(n -> n.kind().endsWith("_") && !n.kind().endsWith("__")).orElse(false);
    }

    private static boolean isNone(Object v) {
        return v instanceof TorchValue.Literal l && l.isNone();
    }
}
