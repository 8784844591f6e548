package dev.mil4j.runtime.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.ReferenceModel;
import dev.mil4j.converter.spi.ReferenceRuntime;
import dev.mil4j.converter.spi.ReferenceRuntimeException;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the committed TorchScript fixtures and compares with the outputs PyTorch 1.13 recorded next to them. */
class PyTorchReferenceRuntimeTest {
    private static final ReferenceRuntime RUNTIME = Converter.builder().discoverPlugins().build().plugins()
            .referenceRuntime("pytorch").orElseThrow();

    @Test
    void isDiscoveredAsTheRuntimeOfTorchScriptAndRunsOffline() {
        assertThat(RUNTIME.id()).isEqualTo("pytorch");
        assertThat(RUNTIME.description()).contains("libtorch 2.7.1");
        assertThat(System.getProperty(PyTorchReferenceRuntime.OFFLINE)).isEqualTo("true");
    }

    @Test
    void computesWhatPyTorchRecordedForTheMlp() throws Exception {
        assertRecorded("mlp", List.of("x"), 1);
    }

    @Test
    void flattensATupleOfOutputsInOrder() throws Exception {
        assertRecorded("topk_head", List.of("x"), 2);
    }

    private static void assertRecorded(String name, List<String> inputs, int outputs) throws Exception {
        Map<String, TensorValue> feeds = new java.util.LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            feeds.put(inputs.get(i), Npy.read(TestData.path("torch/" + name + ".input" + i + ".npy")));
        }
        try (ReferenceModel model = RUNTIME.load(TestData.path("torch/" + name + ".pt"))) {
            Map<String, TensorValue> out = model.run(feeds);
            assertThat(out.keySet()).hasSize(outputs).startsWith("output0");
            assertThat(model.exposesIntermediates()).isFalse();
            int j = 0;
            for (TensorValue got : out.values()) {
                TensorValue want = Npy.read(TestData.path("torch/" + name + ".output" + j++ + ".npy"));
                assertThat(got.shape()).isEqualTo(want.shape());
                double[] g = got.toDoubleArray();
                double[] w = want.toDoubleArray();
                for (int i = 0; i < w.length; i++) {
                    assertThat(g[i]).as("element %d", i).isCloseTo(w[i], Offset.offset(1e-5));
                }
            }
        }
    }

    @Test
    void aFileThatIsNoArchiveIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.pt"), "not a model");
        assertThatThrownBy(() -> RUNTIME.load(bad)).isInstanceOf(ReferenceRuntimeException.class)
                .hasMessageContaining("PyTorch cannot load " + bad);
    }
}
