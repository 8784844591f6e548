package dev.mil4j.frontend.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.ConvertedModel;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.value.TensorValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
                () -> {
                    ConvertedModel m = CONVERTER.convert(f.model(), options(f, "mlprogram"));
                    Path out = dir.resolve(f.name() + ".mlpackage");
                    m.save(out);
                    compare(f, CONVERTER.run(out, options(f, "mlprogram"), TorchFixture.feeds(f.inputs())));
                }));
    }

    @TestFactory
    Stream<DynamicTest> neuralNetworkMatchesPyTorch() {
        return TorchFixture.all(TestData.path("torch-scripted")).stream().map(f -> DynamicTest.dynamicTest(f.name(),
                () -> {
                    ConvertedModel m = CONVERTER.convert(f.model(), options(f, "neuralnetwork"));
                    m.save(dir.resolve(f.name() + ".mlmodel"));
                    compare(f, CONVERTER.run(m.program(), TorchFixture.feeds(f.inputs())));
                }));
    }

    private static ConvertOptions options(TorchFixture f, String target) {
        return f.options().toBuilder().target(target).computePrecision(Precision.FP32).build();
    }

    private static void compare(TorchFixture f, Map<String, TensorValue> actual) {
        List<TensorValue> got = List.copyOf(actual.values());
        assertThat(got).as(f.name() + ": outputs").hasSize(f.outputs().size());
        List<String> failures = new ArrayList<>();
        for (int j = 0; j < got.size(); j++) {
            Closeness.Result r = Closeness.check(got.get(j), f.outputs().get(j), 1e-4, 1e-4);
            if (!r.ok()) {
                failures.add("output" + j + ": " + r);
            }
        }
        assertThat(failures).as(f.name()).isEmpty();
    }
}
