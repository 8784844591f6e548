package dev.mil4j.frontend.pytorch.graph;

import dev.mil4j.frontend.pytorch.archive.PyNone;
import dev.mil4j.frontend.pytorch.script.Expr;

/**
 * {@code isinstance} while code runs, from what a value is: literals by their Python type, lists, tuples and dicts by
 * theirs, modules by their class, and a named value (an op's output or a graph input) as a {@code Tensor}: numbers an
 * op computes when the model runs are rare in printed TorchScript, whose compiler has already refined such types.
 */
final class ScriptTypes {
    private ScriptTypes() {
    }

    static boolean isInstance(Object v, Expr type) {
        if (type instanceof Expr.TupleExpr t) {
            return t.items().stream().anyMatch(item -> isInstance(v, item));
        }
        String text = typeText(type);
        int bracket = text.indexOf('[');
        String base = bracket < 0 ? text : text.substring(0, bracket);
        if (base.equals("Optional")) {
            return isNone(v) || type instanceof Expr.Subscript s && isInstance(v, s.index());
        }
        if (base.equals("Any")) {
            return true;
        }
        if (v instanceof TorchValue.Literal l) {
            Object x = l.value();
            return switch (base) {
                case "int" -> x instanceof Long;
                case "float" -> x instanceof Double;
                case "number" -> x instanceof Long || x instanceof Double;
                case "bool" -> x instanceof Boolean;
                case "str" -> x instanceof String;
                case "NoneType" -> x == PyNone.NONE;
                default -> false;
            };
        }
        if (v instanceof TorchValue.Ref) {
            return base.equals("Tensor");
        }
        if (v instanceof TorchValue.Sequence s) {
            return base.equals(s.tuple() ? "Tuple" : "List");
        }
        if (v instanceof ScriptList) {
            return base.equals("List");
        }
        if (v instanceof ScriptTuple) {
            return base.equals("Tuple");
        }
        if (v instanceof ScriptDict) {
            return base.equals("Dict");
        }
        if (v instanceof ModuleRef m) {
            String cls = m.cls().qualifiedName();
            return cls.equals(text) || cls.endsWith("." + text) || simple(cls).equals(simple(text));
        }
        return false;
    }

    private static String simple(String qualified) {
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }

    private static boolean isNone(Object v) {
        return v instanceof TorchValue.Literal l && l.isNone();
    }

    /** A type annotation as written ({@code Optional[List[int]]}). */
    static String typeText(Expr type) {
        if (type instanceof Expr.Subscript s) {
            return typeText(s.value()) + "[" + (s.index() instanceof Expr.TupleExpr t
                    ? String.join(", ", t.items().stream().map(ScriptTypes::typeText).toList())
                    : typeText(s.index())) + "]";
        }
        if (type instanceof Expr.Constant c) {
            return String.valueOf(c.value());
        }
        return Expr.dottedName(type).orElse("?");
    }
}
