package dev.mil4j.frontend.pytorch;

import dev.mil4j.core.value.TensorValue;

/**
 * Element-wise closeness of two tensors: floats within {@code |a - e| <= rel |e| + abs} (NaN matches NaN, an infinity
 * only itself), integers and bools exactly (int32 against int64 compares the values). The result names the worst
 * element: its index, both values and how far it is relative to the allowed error.
 */
final class Closeness {
    private Closeness() {
    }

    record Result(boolean ok, String detail) {
        @Override
        public String toString() {
            return detail;
        }
    }

    /** fp32 parity: {@code |a - e| <= 1e-4 |e| + 1e-5}. */
    static Result fp32(TensorValue actual, TensorValue expected) {
        return check(actual, expected, 1e-4, 1e-5);
    }

    static Result check(TensorValue actual, TensorValue expected, double rel, double abs) {
        if (!actual.shape().equals(expected.shape())) {
            return new Result(false, "shape " + actual.shape() + ", expected " + expected.shape());
        }
        boolean exact = !expected.dtype().isFloat();
        if (exact != !actual.dtype().isFloat()) {
            return new Result(false, "dtype " + actual.dtype() + ", expected " + expected.dtype());
        }
        long n = expected.elementCount();
        double worst = -1;
        long worstAt = -1;
        int mismatches = 0;
        for (long i = 0; i < n; i++) {
            double a = actual.getDouble(i);
            double e = expected.getDouble(i);
            double ratio;
            if (Double.isNaN(e) || Double.isNaN(a) || Double.isInfinite(e) || Double.isInfinite(a)) {
                ratio = Double.compare(a, e) == 0 ? 0 : Double.POSITIVE_INFINITY;
            } else if (exact) {
                ratio = a == e ? 0 : Double.POSITIVE_INFINITY;
            } else {
                ratio = Math.abs(a - e) / (rel * Math.abs(e) + abs);
            }
            if (ratio > 1) {
                mismatches++;
            }
            if (ratio > worst) {
                worst = ratio;
                worstAt = i;
            }
        }
        if (n == 0) {
            return new Result(true, "empty");
        }
        String where = "worst at flat index " + worstAt + ": " + actual.getDouble(worstAt) + " vs "
                + expected.getDouble(worstAt) + " (" + String.format("%.3g", worst) + " of the allowed error)";
        return new Result(mismatches == 0, (mismatches == 0 ? "ok, " : mismatches + " of " + n
                + " elements differ, ") + where);
    }
}
