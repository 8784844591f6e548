package dev.mil4j.runtime.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.ReferenceModel;
import dev.mil4j.converter.spi.ReferenceRuntime;
import dev.mil4j.converter.spi.ReferenceRuntimeException;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxReferenceRuntimeTest {
    private static final ReferenceRuntime RUNTIME = Converter.builder().discoverPlugins().build().plugins()
            .referenceRuntime("onnx").orElseThrow();

    @Test
    void isDiscoveredAsThePluginOfOnnxModels() {
        assertThat(RUNTIME.id()).isEqualTo("onnxruntime");
        assertThat(RUNTIME.description()).startsWith("ONNX Runtime");
    }

    @Test
    void runsTheExportOfTheMlpAsPyTorchDid() throws Exception {
        TensorValue x = Npy.read(TestData.path("torch/mlp.input0.npy"));
        TensorValue expected = Npy.read(TestData.path("torch/mlp.output0.npy"));
        try (ReferenceModel model = RUNTIME.load(TestData.path("onnx/mlp.onnx"))) {
            Map<String, TensorValue> out = model.run(Map.of("input0", x));
            assertThat(out).hasSize(1);
            TensorValue y = out.values().iterator().next();
            assertThat(y.shape()).isEqualTo(expected.shape());
            double[] got = y.toDoubleArray();
            double[] want = expected.toDoubleArray();
            for (int i = 0; i < want.length; i++) {
                assertThat(got[i]).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void exposesEveryNodeOutputAndEndsWithTheGraphOutput() throws Exception {
        TensorValue x = Npy.read(TestData.path("torch/mlp.input0.npy"));
        try (ReferenceModel model = RUNTIME.load(TestData.path("onnx/mlp.onnx"))) {
            Map<String, TensorValue> out = model.run(Map.of("input0", x));
            Map<String, TensorValue> all = model.intermediates(Map.of("input0", x));
            assertThat(model.exposesIntermediates()).isTrue();
            List<String> nodeOutputs = GraphOutputs.nodeOutputs(Files.readAllBytes(TestData.path("onnx/mlp.onnx")));
            assertThat(nodeOutputs).isNotEmpty().doesNotContainAnyElementsOf(out.keySet());
            assertThat(all.keySet()).containsAll(nodeOutputs).containsAll(out.keySet());
            String output = out.keySet().iterator().next();
            assertThat(all.get(output).toDoubleArray()).containsExactly(out.get(output).toDoubleArray());
        }
    }

    @Test
    void eightBitTensorsAreFedFromAndReadAsInt32() throws Exception {
        // y = (q - 0) * 0.5 per block of two: an int8 input; integer_ops.onnx has uint8 outputs
        TensorValue q = TensorValue.ofInts(Shape.of(2, 4), -128, -3, 0, 5, 17, 100, 127, -64);
        try (ReferenceModel model = RUNTIME.load(TestData.path("onnx/wild/opset21_blocked.onnx"))) {
            assertThat(model.run(Map.of("q", q)).get("y").toDoubleArray())
                    .containsExactly(-64, -1.5, 0, 2.5, 8.5, 50, 63.5, -32);
        }
        TensorValue x = TensorValue.ofFloats(Shape.of(2, 16), new float[32]);
        TensorValue img = TensorValue.ofFloats(Shape.of(1, 2, 6, 6), new float[72]);
        try (ReferenceModel model = RUNTIME.load(TestData.path("onnx/wild/integer_ops.onnx"))) {
            Map<String, TensorValue> out = model.run(Map.of("x", x, "img", img));
            assertThat(out.keySet()).containsExactly("mm_int", "mm_y", "qmm", "qconv", "conv_int");
            assertThat(out.get("qmm").dtype()).isEqualTo(DType.INT32);
            assertThat(java.util.Arrays.stream(out.get("qmm").toLongArray()).boxed().toList())
                    .allSatisfy(v -> assertThat(v).isBetween(0L, 255L));
        }
    }

    @Test
    void aFileThatIsNoModelIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.onnx"), "not a model");
        assertThatThrownBy(() -> RUNTIME.load(bad)).isInstanceOf(ReferenceRuntimeException.class)
                .hasMessageContaining("ONNX Runtime cannot load " + bad);
    }
}
