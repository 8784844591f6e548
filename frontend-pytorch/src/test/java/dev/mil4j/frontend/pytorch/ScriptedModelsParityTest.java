package dev.mil4j.frontend.pytorch;

import dev.mil4j.converter.Converter;
import dev.mil4j.core.testing.TestData;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small scripted models of {@code testdata/torch-scripted} (made by its {@code make_scripted.py} with
 * {@code torch.jit.script} in PyTorch 1.13: optional arguments, control flow, containers and the builtins scripted
 * torchvision code uses) converted to both targets in fp32, written, and run in the reference interpreter: every
 * output matches what PyTorch computed within {@code |a - e| <= 1e-4 + 1e-4 |e|}.
 */
class ScriptedModelsParityTest {
    private static final Converter CONVERTER = Converter.builder().discoverPlugins().build();

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> mlProgramMatchesPyTorch() {
        return TorchFixture.all(TestData.path("torch-scripted")).stream().map(f -> DynamicTest.dynamicTest(f.name(),
                () -> f.assertMlProgramMatches(CONVERTER, dir)));
    }

    @TestFactory
    Stream<DynamicTest> neuralNetworkMatchesPyTorch() {
        return TorchFixture.all(TestData.path("torch-scripted")).stream().map(f -> DynamicTest.dynamicTest(f.name(),
                () -> f.assertNeuralNetworkMatches(CONVERTER, dir)));
    }
}
