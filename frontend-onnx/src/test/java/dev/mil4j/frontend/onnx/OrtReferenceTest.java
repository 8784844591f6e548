package dev.mil4j.frontend.onnx;

import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX Runtime as a reference is validated first: it runs every public ONNX fixture on the inputs PyTorch recorded
 * ({@code testdata/torch/NAME.input<i>.npy}) and must reproduce PyTorch's recorded outputs
 * ({@code NAME.output<j>.npy}) within the fp32 tolerance (int64 indices exactly).
 */
class OrtReferenceTest {

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(TestData.path("onnx"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".onnx"))
                    .map(n -> n.substring(0, n.length() - ".onnx".length())).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void onnxRuntimeReproducesPyTorchsRecordedOutputs(String name) throws IOException {
        Path model = Fixtures.onnx(name);
        List<TensorValue> inputs = recorded(name, "input");
        List<String> names = OrtRunner.inputNames(model);
        Map<String, TensorValue> feeds = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            feeds.put(names.get(i), inputs.get(i));
        }
        Numerics.assertClose("ort/" + name, OrtRunner.run(model, feeds), recorded(name, "output"));
    }

    static List<TensorValue> recorded(String name, String kind) throws IOException {
        Path torch = TestData.path("torch");
        List<TensorValue> out = new ArrayList<>();
        for (int i = 0; Files.exists(torch.resolve(name + "." + kind + i + ".npy")); i++) {
            out.add(Npy.read(torch.resolve(name + "." + kind + i + ".npy")));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no recorded " + kind + "s of " + name + " in " + torch);
        }
        return out;
    }

    @AfterAll
    static void printMeasured() {
        System.out.print(Numerics.report());
    }
}
