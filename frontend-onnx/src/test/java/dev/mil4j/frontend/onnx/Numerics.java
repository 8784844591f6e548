package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Output comparison of the numerical tests: fp32 {@code |a - e| <= 1e-4 |e| + 1e-5}, integers and bools exactly; a
 * failure names the worst element of each output. Every measured worst error is kept and printed after the tests
 * ({@link #report()}).
 */
final class Numerics {
    /** The fp32 tolerance of the project's parity tests. */
    static final double RELATIVE = 1e-4;
    static final double ABSOLUTE = 1e-5;
    /** test/output -> the worst element measured. */
    static final Map<String, String> MEASURED = new ConcurrentSkipListMap<>();

    private Numerics() {
    }

    record Worst(int index, double actual, double expected, double error, double excess) {
    }

    /** The element that most exceeds (or comes closest to) the tolerance; NaN against a number always fails. */
    static Worst worst(double[] a, double[] e, double relative, double absolute) {
        Worst w = new Worst(-1, 0, 0, 0, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < a.length; i++) {
            boolean bothNaN = Double.isNaN(a[i]) && Double.isNaN(e[i]);
            double error = bothNaN ? 0 : Math.abs(a[i] - e[i]);
            double excess = Double.isNaN(error) ? Double.POSITIVE_INFINITY
                    : error - (relative * Math.abs(e[i]) + absolute);
            if (w.index() < 0 || excess > w.excess()) {
                w = new Worst(i, a[i], e[i], error, excess);
            }
        }
        return w;
    }

    /** Asserts that {@code actual} matches {@code expected} output by output, naming the worst element of each. */
    static void assertClose(String what, List<TensorValue> actual, List<TensorValue> expected) {
        assertThat(actual).as("%s: number of outputs", what).hasSameSizeAs(expected);
        List<String> failures = new ArrayList<>();
        for (int j = 0; j < actual.size(); j++) {
            TensorValue a = actual.get(j);
            TensorValue e = expected.get(j);
            String where = what + " output" + j;
            if (!a.shape().equals(e.shape())) {
                failures.add(where + ": shape " + a.shape() + ", expected " + e.shape());
                continue;
            }
            boolean exact = !e.dtype().isFloat();
            Worst w = worst(a.toDoubleArray(), e.toDoubleArray(), exact ? 0 : RELATIVE, exact ? 0 : ABSOLUTE);
            if (w.index() < 0) {
                MEASURED.put(where, "empty");
                continue;
            }
            MEASURED.put(where, String.format("%.3g (element %d: %s vs %s)", w.error(), w.index(), w.actual(),
                    w.expected()));
            if (w.excess() > 0) {
                failures.add(String.format("%s (%s vs %s): worst element %d is %s, expected %s (error %.3g, allowed "
                        + "%.3g)", where, a.dtype(), e.dtype(), w.index(), w.actual(), w.expected(), w.error(),
                        w.error() - w.excess()));
            }
        }
        assertThat(failures).as("%s: outputs outside the tolerance", what).isEmpty();
    }

    /** Seeded random values for an input: gaussian floats, integers in [0, 4), random bools. */
    static TensorValue random(TensorType type, Random random) {
        Shape s = type.shape();
        assertThat(s.isStatic()).as("a random input needs a static shape, got %s", type).isTrue();
        int n = Math.toIntExact(s.elementCount().orElseThrow());
        DType d = type.dtype();
        if (d == DType.BOOL) {
            boolean[] b = new boolean[n];
            for (int i = 0; i < n; i++) {
                b[i] = random.nextBoolean();
            }
            return TensorValue.ofBools(s, b);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = d.isFloat() ? random.nextGaussian() : random.nextInt(4);
        }
        return TensorValue.fromDoubles(d, s, v);
    }

    /** The measurements so far (then forgotten, so each test class prints its own). */
    static synchronized String report() {
        StringBuilder sb = new StringBuilder("worst |actual - expected| per output:\n");
        MEASURED.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        MEASURED.clear();
        return sb.toString();
    }
}
