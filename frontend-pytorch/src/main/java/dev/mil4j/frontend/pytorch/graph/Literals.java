package dev.mil4j.frontend.pytorch.graph;

import dev.mil4j.frontend.pytorch.archive.PyNone;
import java.util.Objects;
import java.util.Optional;

/** Python arithmetic and comparisons on literals, folded while a graph is built (sizes, loop bounds, flags). */
final class Literals {
    private Literals() {
    }

    static Optional<Object> binary(String op, Object a, Object b) {
        if (a instanceof Boolean x) {
            a = x ? 1L : 0L;
        }
        if (b instanceof Boolean y) {
            b = y ? 1L : 0L;
        }
        if (a instanceof Long x && b instanceof Long y) {
            return switch (op) {
                case "+" -> Optional.of(Math.addExact(x, y));
                case "-" -> Optional.of(Math.subtractExact(x, y));
                case "*" -> Optional.of(Math.multiplyExact(x, y));
                case "/" -> y == 0 ? Optional.empty() : Optional.of((double) x / y);
                case "//" -> y == 0 ? Optional.empty() : Optional.of(Math.floorDiv(x, y));
                case "%" -> y == 0 ? Optional.empty() : Optional.of(Math.floorMod(x, y));
                case "**" -> y < 0 ? Optional.of(Math.pow(x, y)) : Optional.of((long) Math.pow(x, y));
                case "&" -> Optional.of(x & y);
                case "|" -> Optional.of(x | y);
                case "^" -> Optional.of(x ^ y);
                default -> Optional.empty();
            };
        }
        if (a instanceof Number x && b instanceof Number y) {
            double p = x.doubleValue();
            double q = y.doubleValue();
            return switch (op) {
                case "+" -> Optional.of(p + q);
                case "-" -> Optional.of(p - q);
                case "*" -> Optional.of(p * q);
                case "/" -> Optional.of(p / q);
                case "//" -> Optional.of(Math.floor(p / q));
                case "%" -> Optional.of(p - Math.floor(p / q) * q);
                case "**" -> Optional.of(Math.pow(p, q));
                default -> Optional.empty();
            };
        }
        if (a instanceof String s && b instanceof String t && op.equals("+")) {
            return Optional.of(s + t);
        }
        return Optional.empty();
    }

    static Optional<Boolean> compare(String op, Object a, Object b) {
        switch (op) {
            case "is", "==" -> {
                return Optional.of(equal(a, b));
            }
            case "is not", "!=" -> {
                return Optional.of(!equal(a, b));
            }
            default -> { }
        }
        if (a instanceof Number x && b instanceof Number y) {
            double p = x.doubleValue();
            double q = y.doubleValue();
            return switch (op) {
                case "<" -> Optional.of(p < q);
                case "<=" -> Optional.of(p <= q);
                case ">" -> Optional.of(p > q);
                case ">=" -> Optional.of(p >= q);
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    private static boolean equal(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && !(a instanceof Boolean) && !(b instanceof Boolean)) {
            return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }

    static boolean truthy(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        return v != PyNone.NONE;
    }
}
