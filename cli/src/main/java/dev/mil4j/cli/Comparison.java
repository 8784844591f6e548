package dev.mil4j.cli;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import java.util.Optional;

/**
 * One output of the source model beside the converted model's: shape, the largest absolute and relative errors, the
 * share of elements outside the tolerance and, for classifier-like outputs, how many rows agree on the top-1 class.
 *
 * @param name the converted model's name of the output
 * @param sourceName the source model's name of it
 * @param shape the source's shape, as {@code [4, 3]}
 * @param problem why the values could not be compared element by element (shapes differ), or empty
 * @param maxAbsError {@code max |a - e|}
 * @param maxRelError {@code max |a - e| / |e|} over the elements with {@code |e| > atol} (smaller ones are judged by
 *     the absolute tolerance alone); 0 when there are none
 * @param outside how many elements are outside the tolerance
 * @param elements how many elements there are
 * @param top1 the rows whose largest value is at the same index in both, for a floating output of rank 1 or 2 with
 *     at least two classes in its last dimension; empty otherwise
 * @param rows the rows top-1 was judged over
 */
record Comparison(String name, String sourceName, String shape, Optional<String> problem, double maxAbsError,
        double maxRelError, long outside, long elements, Optional<Long> top1, long rows) {

    boolean passes() {
        return problem.isEmpty() && outside == 0;
    }

    double outsideShare() {
        return elements == 0 ? 0 : (double) outside / elements;
    }

    static Comparison of(String name, String sourceName, TensorValue expected, TensorValue actual, Tolerance tol) {
        String shape = expected.shape().toString();
        if (!expected.shape().equals(actual.shape())) {
            return new Comparison(name, sourceName, shape, Optional.of("the converted model's shape is "
                    + actual.shape() + ", the source's " + expected.shape()), Double.NaN, Double.NaN,
                    expected.elementCount(), expected.elementCount(), Optional.empty(), 0);
        }
        boolean exact = !isFloat(expected.dtype()) || !isFloat(actual.dtype());
        Tolerance t = exact ? new Tolerance(0, 0) : tol;
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double maxAbs = 0;
        double maxRel = 0;
        long outside = 0;
        for (int i = 0; i < e.length; i++) {
            double err = Math.abs(a[i] - e[i]);
            if (!t.accepts(a[i], e[i])) {
                outside++;
            }
            if (Double.isNaN(err)) {
                continue; // a NaN in one of them is counted outside; in both, it agrees
            }
            maxAbs = Math.max(maxAbs, err);
            if (Math.abs(e[i]) > t.atol()) {
                maxRel = Math.max(maxRel, err / Math.abs(e[i]));
            }
        }
        Optional<Long> top1 = Optional.empty();
        long rows = 0;
        int rank = expected.shape().rank();
        if (!exact && (rank == 1 || rank == 2) && e.length > 0 && expected.shape().dim(rank - 1).size() >= 2) {
            int classes = (int) expected.shape().dim(rank - 1).size();
            rows = e.length / classes;
            long agree = 0;
            for (int r = 0; r < rows; r++) {
                if (argmax(e, r * classes, classes) == argmax(a, r * classes, classes)) {
                    agree++;
                }
            }
            top1 = Optional.of(agree);
        }
        return new Comparison(name, sourceName, shape, Optional.empty(), maxAbs, maxRel, outside, e.length, top1,
                rows);
    }

    private static boolean isFloat(DType d) {
        return d == DType.FP16 || d == DType.FP32 || d == DType.FP64;
    }

    private static int argmax(double[] v, int from, int n) {
        int best = from;
        for (int i = from + 1; i < from + n; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best - from;
    }
}
