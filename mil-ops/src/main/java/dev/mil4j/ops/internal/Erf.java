package dev.mil4j.ops.internal;

/** The Gauss error function in double precision (the JDK has none). */
public final class Erf {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private Erf() {
    }

    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        double r = a < 2.5 ? series(a) : 1 - erfcContinuedFraction(a);
        return x < 0 ? -r : r;
    }

    /** Maclaurin series: 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)); accurate to ~1e-14 below 2.5. */
    private static double series(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x2 / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * sum;
    }

    /** erfc by Laplace's continued fraction, evaluated backward; converges quickly for x >= 2.5. */
    private static double erfcContinuedFraction(double x) {
        if (x > 27) {
            return 0;
        }
        double f = x;
        for (int k = 80; k >= 1; k--) {
            f = x + (k / 2.0) / f;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
