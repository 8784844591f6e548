package dev.mil4j.ops.tensor;

import dev.mil4j.core.types.Dim;
import java.util.Locale;

/**
 * Arithmetic on dimensions that may be symbolic. When a result depends on a symbol, it is a new symbol whose name is
 * the expression itself ({@code B_plus_3}, {@code B_x_2}), so two ops computing the same expression from the same
 * dims agree on the result; names longer than {@value #MAX_NAME} characters are replaced by a hash of the expression.
 */
public final class DimMath {
    private static final int MAX_NAME = 48;

    private DimMath() {
    }

    public static Dim add(Dim a, Dim b) {
        if (a.isKnown() && b.isKnown()) {
            return Dim.of(Math.addExact(a.size(), b.size()));
        }
        if (isSize(a, 0)) {
            return b;
        }
        if (isSize(b, 0)) {
            return a;
        }
        return symbol(ordered(a, b, "_plus_"));
    }

    /** {@code a + k} for a possibly negative {@code k}. */
    public static Dim add(Dim a, long k) {
        if (a.isKnown()) {
            return Dim.of(a.size() + k);
        }
        return k == 0 ? a : symbol(part(a) + (k > 0 ? "_plus_" + k : "_minus_" + (-k)));
    }

    public static Dim mul(Dim a, Dim b) {
        if (a.isKnown() && b.isKnown()) {
            return Dim.of(Math.multiplyExact(a.size(), b.size()));
        }
        if (isSize(a, 1)) {
            return b;
        }
        if (isSize(b, 1)) {
            return a;
        }
        return symbol(ordered(a, b, "_x_"));
    }

    /** A commutative expression in a canonical order: symbols before sizes, symbols by name. */
    private static String ordered(Dim a, Dim b, String op) {
        boolean swap = a.isKnown() && !b.isKnown()
                || !a.isKnown() && !b.isKnown() && a.toString().compareTo(b.toString()) > 0;
        return swap ? part(b) + op + part(a) : part(a) + op + part(b);
    }

    /** {@code a / k}, exact; callers check divisibility of known sizes first. */
    public static Dim div(Dim a, long k) {
        if (a.isKnown()) {
            return Dim.of(a.size() / k);
        }
        return k == 1 ? a : symbol(part(a) + "_div_" + k);
    }

    /** The product of a range of dims. */
    public static Dim product(Iterable<Dim> dims) {
        Dim p = Dim.of(1);
        for (Dim d : dims) {
            p = mul(p, d);
        }
        return p;
    }

    /**
     * A symbol for a value that is a function of the named parts (sizes, symbols, const numbers): same parts, same
     * symbol. Parts are written into the name, e.g. {@code slice_B_1_m1_1}.
     */
    public static Dim derived(String function, Object... parts) {
        StringBuilder sb = new StringBuilder(function);
        for (Object p : parts) {
            sb.append('_').append(p instanceof Dim d ? part(d) : sanitize(String.valueOf(p)));
        }
        return symbol(sb.toString());
    }

    public static boolean isSize(Dim d, long size) {
        return d.isKnown() && d.size() == size;
    }

    private static String part(Dim d) {
        return d.isKnown() ? Long.toString(d.size()) : d.toString();
    }

    private static String sanitize(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '-') {
                sb.append('m');
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                sb.append(c);
            } else {
                sb.append('_');
            }
        }
        return sb.toString();
    }

    private static Dim symbol(String name) {
        String n = name.length() > MAX_NAME
                ? "d_" + String.format(Locale.ROOT, "%08x", name.hashCode())
                : name;
        return Dim.symbol(Character.isDigit(n.charAt(0)) ? "d" + n : n);
    }
}
