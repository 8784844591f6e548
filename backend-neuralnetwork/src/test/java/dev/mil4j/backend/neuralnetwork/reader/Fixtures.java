package dev.mil4j.backend.neuralnetwork.reader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.backend.neuralnetwork.NeuralNetworkBackendPlugin;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** A converter with the NeuralNetwork backend, and the comparisons the reader tests make. */
final class Fixtures {
    static final Converter CONVERTER = Converter.builder().plugin(new NeuralNetworkBackendPlugin()).build();

    private Fixtures() {
    }

    static Program read(String testdata) {
        return read(TestData.path(testdata));
    }

    static Program read(Path model) {
        return CONVERTER.readBack(model).orElseThrow(() -> new AssertionError(model + " was not read back"));
    }

    static TensorValue npy(String testdata) {
        try {
            return Npy.read(TestData.path(testdata));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The only output of running {@code program} on one input. */
    static TensorValue runOne(Program program, String input, TensorValue value) {
        Map<String, TensorValue> out = CONVERTER.run(program, Map.of(input, value));
        assertThat(out).hasSize(1);
        return out.values().iterator().next();
    }

    /** The largest absolute difference, after checking the shapes are equal. */
    static double maxAbsDiff(TensorValue actual, TensorValue expected) {
        assertThat(actual.shape().toLongArray()).containsExactly(expected.shape().toLongArray());
        double worst = 0;
        for (long i = 0; i < expected.elementCount(); i++) {
            worst = Math.max(worst, Math.abs(actual.getDouble(i) - expected.getDouble(i)));
        }
        return worst;
    }

    /** The largest absolute value, to scale a tolerance. */
    static double maxAbs(TensorValue v) {
        double m = 0;
        for (long i = 0; i < v.elementCount(); i++) {
            m = Math.max(m, Math.abs(v.getDouble(i)));
        }
        return m;
    }
}
