package dev.mil4j.core.text;

/**
 * Parses the decimal numbers of tensor literals, with the results of {@link Float#parseFloat} and
 * {@link Double#parseDouble}, but without their allocations for the common short forms.
 *
 * <p>The fast path takes {@code [-]digits[.digits][(e|E)[+|-]digits]} with at most 15 significant digits and a decimal
 * exponent within ±22: the significand {@code m} and {@code 10^|e|} are then exact doubles, so one multiplication or
 * division gives the correctly rounded double (Clinger's fast path). For a float that double is rounded once more,
 * which gives the correctly rounded float unless the double is exactly halfway between two floats (every such
 * midpoint is a double, so nothing else can lie between the exact value and its double); that case, and every other
 * form, goes to the JDK.
 */
final class Decimals {
    private static final int MAX_DIGITS = 15;
    private static final int MAX_POWER = 22;
    private static final double[] POWERS = new double[MAX_POWER + 1];
    /** The low 29 bits of a double's significand, which a float drops, and their value at a float midpoint. */
    private static final long FLOAT_DROPPED_BITS = (1L << 29) - 1;
    private static final long FLOAT_MIDPOINT = 1L << 28;

    static {
        double p = 1;
        for (int i = 0; i <= MAX_POWER; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }

    private Decimals() {
    }

    static float parseFloat(String s) {
        double d = fastDouble(s);
        if (Double.isNaN(d) || (Double.doubleToRawLongBits(d) & FLOAT_DROPPED_BITS) == FLOAT_MIDPOINT) {
            return Float.parseFloat(s);
        }
        return (float) d;
    }

    static double parseDouble(String s) {
        double d = fastDouble(s);
        return Double.isNaN(d) ? Double.parseDouble(s) : d;
    }

    /** The correctly rounded value of {@code s}, or NaN when it is not of the fast path's form. */
    private static double fastDouble(String s) {
        int n = s.length();
        int i = 0;
        boolean negative = i < n && s.charAt(i) == '-';
        if (negative) {
            i++;
        }
        long significand = 0;
        int significant = 0;
        int digits = 0;
        int exponent = 0;
        boolean fraction = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '.' && !fraction) {
                fraction = true;
                continue;
            }
            if (c < '0' || c > '9') {
                break;
            }
            digits++;
            if (fraction) {
                exponent--;
            }
            if (significand != 0 || c != '0') {
                if (++significant > MAX_DIGITS) {
                    return Double.NaN;
                }
                significand = significand * 10 + (c - '0');
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            boolean negativeExponent = i < n && s.charAt(i) == '-';
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int e = 0;
            int start = i;
            for (; i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
                if (i - start >= 4) {
                    return Double.NaN;
                }
                e = e * 10 + (s.charAt(i) - '0');
            }
            if (i == start) {
                return Double.NaN;
            }
            exponent += negativeExponent ? -e : e;
        }
        if (i != n) {
            return Double.NaN;
        }
        if (significand == 0) {
            return negative ? -0.0 : 0.0;
        }
        if (exponent < -MAX_POWER || exponent > MAX_POWER) {
            return Double.NaN;
        }
        double d = exponent < 0 ? significand / POWERS[-exponent] : significand * POWERS[exponent];
        return negative ? -d : d;
    }
}
