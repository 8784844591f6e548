package dev.mil4j.cli;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.Value;
import java.util.Arrays;
import java.util.Optional;

/**
 * One output of the source model beside the converted model's: shape, the largest absolute and relative errors, the
 * share of elements outside the tolerance and, for classifier-like outputs, how many rows agree on the top-1 class.
 * Strings (a classifier's label) must be equal; a dictionary (a classifier's probabilities) must have the same labels
 * in the same order, and its probabilities are compared label by label like a tensor's elements.
 *
 * @param name the converted model's name of the output
 * @param sourceName the source model's name of it
 * @param shape the source's shape, as {@code [4, 3]}, or a dictionary's size, as {@code {5 labels}}
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

    /** Tensors and dictionaries alike; a tensor beside a dictionary is a problem. */
    static Comparison of(String name, String sourceName, Value expected, Value actual, Tolerance tol) {
        if (expected instanceof Value.Dictionary e && actual instanceof Value.Dictionary a) {
            String shape = "{" + e.keys().elementCount() + " labels}";
            if (!Arrays.equals(labels(e), labels(a))) {
                return problem(name, sourceName, shape, "the labels differ: " + Arrays.toString(labels(a))
                        + " in the converted model, " + Arrays.toString(labels(e)) + " in the source's", e.keys()
                        .elementCount());
            }
            Comparison c = of(name, sourceName, e.values(), a.values(), tol);
            return new Comparison(name, sourceName, shape, c.problem, c.maxAbsError, c.maxRelError, c.outside,
                    c.elements, c.top1, c.rows);
        }
        if (expected instanceof Value.Tensor e && actual instanceof Value.Tensor a) {
            return of(name, sourceName, e.value(), a.value(), tol);
        }
        return problem(name, sourceName, expected.type().toString(), "the converted model gives " + actual.type()
                + ", the source " + expected.type(), 1);
    }

    static Comparison of(String name, String sourceName, TensorValue expected, TensorValue actual, Tolerance tol) {
        String shape = expected.shape().toString();
        if (!expected.shape().equals(actual.shape())) {
            return new Comparison(name, sourceName, shape, Optional.of("the converted model's shape is "
                    + actual.shape() + ", the source's " + expected.shape()), Double.NaN, Double.NaN,
                    expected.elementCount(), expected.elementCount(), Optional.empty(), 0);
        }
        if (expected.dtype() == DType.STRING || actual.dtype() == DType.STRING) {
            return strings(name, sourceName, shape, expected, actual);
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

    // strings must be equal, element by element; there is no error to measure
    private static Comparison strings(String name, String sourceName, String shape, TensorValue expected,
            TensorValue actual) {
        if (expected.dtype() != actual.dtype()) {
            return problem(name, sourceName, shape, "the converted model gives " + actual.type() + ", the source "
                    + expected.type(), expected.elementCount());
        }
        long outside = 0;
        for (long i = 0; i < expected.elementCount(); i++) {
            if (!expected.getString(i).equals(actual.getString(i))) {
                outside++;
            }
        }
        return new Comparison(name, sourceName, shape, Optional.empty(), Double.NaN, Double.NaN, outside,
                expected.elementCount(), Optional.empty(), 0);
    }

    private static Comparison problem(String name, String sourceName, String shape, String problem, long elements) {
        return new Comparison(name, sourceName, shape, Optional.of(problem), Double.NaN, Double.NaN, elements,
                elements, Optional.empty(), 0);
    }

    private static Object[] labels(Value.Dictionary d) {
        TensorValue k = d.keys();
        Object[] out = new Object[(int) k.elementCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = k.dtype() == DType.STRING ? k.getString(i) : (Object) k.getLong(i);
        }
        return out;
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
