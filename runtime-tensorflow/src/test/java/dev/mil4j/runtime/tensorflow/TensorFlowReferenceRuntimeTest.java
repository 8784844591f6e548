package dev.mil4j.runtime.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.ReferenceModel;
import dev.mil4j.converter.spi.ReferenceRuntime;
import dev.mil4j.converter.spi.ReferenceRuntimeException;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TensorFlow Java on the frozen graphs and SavedModels of frontend-tensorflow's tests. */
class TensorFlowReferenceRuntimeTest {
    private static final ReferenceRuntime RUNTIME = Converter.builder().discoverPlugins().build().plugins()
            .referenceRuntime("tensorflow").orElseThrow();

    private static Path graph(String name) {
        return TestData.repositoryRoot().resolve("frontend-tensorflow/src/test/resources/graphs/" + name);
    }

    @Test
    void isDiscoveredAsTheRuntimeOfTensorFlowGraphs() {
        assertThat(RUNTIME.id()).isEqualTo("tensorflow");
        assertThat(RUNTIME.description()).startsWith("TensorFlow 2.");
    }

    @Test
    void fetchesBothOutputsOfASinkTopK() {
        float[] x = new float[2 * 16];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 7 % 16) - 8;
        }
        try (ReferenceModel model = RUNTIME.load(graph("topk_head.pb"))) {
            Map<String, TensorValue> out = model.run(Map.of("x", TensorValue.ofFloats(Shape.of(2, 16), x)));
            assertThat(out).hasSize(2);
            TensorValue values = out.values().iterator().next();
            TensorValue indices = out.values().stream().skip(1).findFirst().orElseThrow();
            assertThat(values.shape().rank()).isEqualTo(2);
            double[] v = values.toDoubleArray();
            for (int i = 1; i < values.shape().dim(1).size(); i++) {
                assertThat(v[i]).isLessThanOrEqualTo(v[i - 1]); // sorted, largest first
            }
            assertThat(indices.dtype().toString()).isEqualTo("int32");
        }
    }

    /**
     * SavedModels with variables (restored by TensorFlow from {@code variables/}), one saved by TensorFlow Java's
     * graph API and one by TensorFlow 2's Python API: fed and fetched through the serving signature under the names
     * the frontend gives the converted model, they compute what TensorFlow recorded when the fixture was made.
     */
    @ParameterizedTest
    @ValueSource(strings = {"saved_dense", "saved_tf2"})
    void aSavedModelRunsThroughItsServingSignature(String name) throws IOException {
        TensorValue x = Npy.read(graph(name + ".input0.npy"));
        TensorValue expected = Npy.read(graph(name + ".output0.npy"));
        try (ReferenceModel model = RUNTIME.load(graph(name))) {
            Map<String, TensorValue> out = model.run(Map.of("features", x));
            assertThat(out).containsOnlyKeys("scores");
            TensorValue scores = out.get("scores");
            assertThat(scores.shape()).isEqualTo(expected.shape());
            assertThat(scores.toDoubleArray()).containsExactly(expected.toDoubleArray(), within(1e-5));
        }
    }

    @Test
    void aDirectoryWithoutSavedModelIsRefusedWithTheReason() {
        assertThatThrownBy(() -> RUNTIME.load(graph("refused"))).isInstanceOf(ReferenceRuntimeException.class)
                .hasMessageContaining("is not a TensorFlow SavedModel: it has no saved_model.pb");
    }

    @Test
    void inputsTheSignatureDoesNotNameAreRefused() {
        try (ReferenceModel model = RUNTIME.load(graph("saved_dense"))) {
            assertThatThrownBy(() -> model.run(Map.of("a", TensorValue.ofFloats(Shape.of(1, 6), new float[6]),
                    "b", TensorValue.ofFloats(Shape.of(1, 6), new float[6]))))
                    .isInstanceOf(ReferenceRuntimeException.class).hasMessageContaining("has the inputs [features]");
        }
    }
}
