package dev.mil4j.runtime.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.ReferenceModel;
import dev.mil4j.converter.spi.ReferenceRuntime;
import dev.mil4j.converter.spi.ReferenceRuntimeException;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TensorFlow Java on the frozen graphs of frontend-tensorflow's tests. */
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

    @Test
    void aSavedModelIsRefusedWithTheReason() {
        assertThatThrownBy(() -> RUNTIME.load(graph("saved_mlp"))).isInstanceOf(ReferenceRuntimeException.class)
                .hasMessageContaining("runs frozen graphs (.pb), not SavedModel directories");
    }
}
