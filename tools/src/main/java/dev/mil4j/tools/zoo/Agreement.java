package dev.mil4j.tools.zoo;

import dev.mil4j.core.value.TensorValue;

/**
 * How far computed outputs are from the expected ones: the worst element's {@code |actual - expected| / (1 +
 * |expected|)}, so that fp32 agreement ({@code |err| <= 1e-4 + 1e-4·|expected|}) is {@code worst <= 1e-4}.
 */
record Agreement(double worst, String problem) {
    /** No difference: the start of a fold with {@link #and}. */
    static final Agreement NONE = new Agreement(0, null);

    static Agreement of(TensorValue actual, TensorValue expected) {
        if (!actual.shape().equals(expected.shape())) {
            return new Agreement(Double.POSITIVE_INFINITY, "shape " + actual.shape() + ", expected " + expected.shape());
        }
        double worst = 0;
        long n = expected.elementCount();
        for (long i = 0; i < n; i++) {
            double e = expected.getDouble(i);
            double a = actual.getDouble(i);
            double err = Double.isNaN(a) != Double.isNaN(e) ? Double.POSITIVE_INFINITY
                    : Double.isNaN(a) ? 0 : Math.abs(a - e) / (1 + Math.abs(e));
            if (!(err <= worst)) {
                worst = err;
            }
        }
        return new Agreement(worst, null);
    }

    /** The worse of two agreements. */
    Agreement and(Agreement other) {
        if (problem != null) {
            return this;
        }
        return other.problem != null || other.worst > worst ? other : this;
    }

    boolean within(double bound) {
        return problem == null && worst <= bound;
    }

    @Override
    public String toString() {
        return problem != null ? problem : String.format("%.1e", worst);
    }
}
