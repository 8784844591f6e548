package dev.mil4j.frontend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Program;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a converted program in the reference interpreter on the inputs TensorFlow was run on (NAME.input&lt;i&gt;.npy,
 * recorded by src/fixtures/TfFixtures.java) and compares every output with TensorFlow's (NAME.output&lt;j&gt;.npy):
 * fp32 within |a - e| &lt;= 1e-4 |e| + 1e-5, integers and bools exactly; a failure names the worst element.
 */
final class TfParity {
    private TfParity() {
    }

    static List<TensorValue> recorded(String name, String kind) {
        List<TensorValue> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            Path p = Fixtures.graph("").resolve(name + "." + kind + i + ".npy");
            if (!Files.exists(p)) {
                return out;
            }
            try {
                out.add(Npy.read(p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Asserts that {@code program} computes what TensorFlow recorded for fixture {@code name}. */
    static void assertMatchesTensorFlow(Program program, String name) {
        List<TensorValue> inputs = recorded(name, "input");
        List<TensorValue> expected = recorded(name, "output");
        assertThat(expected).as("recorded outputs of %s", name).isNotEmpty();
        Map<String, TensorValue> feeds = new LinkedHashMap<>();
        assertThat(program.main().inputs()).hasSize(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            feeds.put(program.main().inputs().get(i).name(), inputs.get(i));
        }
        List<TensorValue> actual = List.copyOf(Fixtures.converter().run(program, feeds).values());
        assertThat(actual).hasSameSizeAs(expected);
        for (int j = 0; j < actual.size(); j++) {
            TensorValue a = actual.get(j);
            TensorValue e = expected.get(j);
            assertThat(a.shape()).as("%s output%d shape", name, j).isEqualTo(e.shape());
            double[] av = a.toDoubleArray();
            double[] ev = e.toDoubleArray();
            boolean exact = !e.dtype().isFloat();
            int worst = -1;
            double worstExcess = 0;
            for (int k = 0; k < ev.length; k++) {
                double allowed = exact ? 0 : 1e-4 * Math.abs(ev[k]) + 1e-5;
                double excess = Double.isNaN(av[k]) != Double.isNaN(ev[k]) ? Double.POSITIVE_INFINITY
                        : Math.abs(av[k] - ev[k]) - allowed;
                if (excess > worstExcess) {
                    worstExcess = excess;
                    worst = k;
                }
            }
            if (worst >= 0) {
                throw new AssertionError(name + " output" + j + ": element " + worst + " is " + av[worst]
                        + ", TensorFlow computed " + ev[worst]);
            }
        }
    }
}
