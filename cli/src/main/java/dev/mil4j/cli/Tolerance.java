package dev.mil4j.cli;

import dev.mil4j.converter.spi.Precision;

/**
 * How close a converted value must be to the source's: element {@code a} passes against expected {@code e} when
 * {@code |a - e| <= atol + rtol * |e|} (numpy's {@code allclose}); integer and boolean outputs must be equal.
 * The defaults follow the precision the converted model computes in: fp32 {@code atol = rtol = 1e-4} (two float32
 * evaluations that sum in different orders), fp16 {@code atol = 1e-3, rtol = 1e-2} (fp16 keeps 11 significant bits,
 * a relative step of about 1e-3, and rounding errors add up over layers; the absolute part stays at 1e-3 so that
 * small values such as class probabilities are still judged, which 1e-2 would wave through).
 */
record Tolerance(double atol, double rtol) {
    static final Tolerance FP32 = new Tolerance(1e-4, 1e-4);
    static final Tolerance FP16 = new Tolerance(1e-3, 1e-2);

    Tolerance {
        if (!(atol >= 0) || !(rtol >= 0)) {
            throw new Mil4j.UsageException("tolerances must be zero or positive numbers, not atol " + atol + ", rtol "
                    + rtol);
        }
    }

    static Tolerance of(Precision precision) {
        return precision == Precision.FP16 ? FP16 : FP32;
    }

    /** The default of {@code precision} with the given values in place of its own. */
    static Tolerance of(Precision precision, Double atol, Double rtol) {
        Tolerance d = of(precision);
        return new Tolerance(atol == null ? d.atol : atol, rtol == null ? d.rtol : rtol);
    }

    boolean accepts(double actual, double expected) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return actual == expected;
        }
        return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }
}
