package dev.mil4j.frontend.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.ConvertedModel;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.text.MilPrinter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small op models of {@code testdata/torch-ops} (made by its {@code make_ops.py} with PyTorch 1.13: recurrent
 * layers, transformer fast paths, resampling, adaptive pools, shuffles, pads and tensor ops) converted from their
 * TorchScript to both targets in fp32, written, and run in the reference interpreter: every output matches what
 * PyTorch computed within {@code |a - e| <= 1e-4 + 1e-4 |e|}. Every one of them has a NeuralNetwork form.
 */
class TorchOpsParityTest {
    /** The frontend and both backends, found by {@code ServiceLoader} (the backends are test dependencies). */
    private static final Converter CONVERTER = Converter.builder().discoverPlugins().build();

    @TempDir
    Path dir;

    static List<TorchFixture> fixtures() {
        return TorchFixture.all(TestData.path("torch-ops"));
    }

    @TestFactory
    Stream<DynamicTest> mlProgramMatchesPyTorch() {
        return fixtures().stream().map(f -> DynamicTest.dynamicTest(f.name(),
                () -> f.assertMlProgramMatches(CONVERTER, dir)));
    }

    @TestFactory
    Stream<DynamicTest> neuralNetworkMatchesPyTorch() {
        return fixtures().stream().map(f -> DynamicTest.dynamicTest(f.name(),
                () -> f.assertNeuralNetworkMatches(CONVERTER, dir)));
    }

    /**
     * Recurrent layers over a symbolic sequence length ({@code T=1..9}) run as a {@code while_loop}: the converted ML
     * Program, written and read back, matches PyTorch's recording on the recorded sequence length.
     */
    @TestFactory
    Stream<DynamicTest> recurrentLayersRunOverASymbolicSequenceLength() {
        Map<String, List<String>> inputs = Map.of(
                "lstm", List.of("input0:2xT=1..9x8"),
                "lstm_state", List.of("input0:T=1..9x3x8", "input1:1x3x6", "input2:1x3x6"),
                "gru", List.of("input0:T=1..9x2x8"),
                "rnn", List.of("input0:2xT=1..9x8"));
        return inputs.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> DynamicTest.dynamicTest(
                e.getKey(), () -> {
                    TorchFixture f = TorchFixture.read(TestData.path("torch-ops/" + e.getKey() + ".pt"));
                    ConvertOptions.Builder b = ConvertOptions.builder().framework("pytorch").target("mlprogram")
                            .computePrecision(Precision.FP32);
                    e.getValue().forEach(in -> b.input(InputType.parse(in)));
                    ConvertedModel m = CONVERTER.convert(f.model(), b.build());
                    assertThat(MilPrinter.print(m.program())).contains("while_loop");
                    Path out = dir.resolve(f.name() + "_symbolic.mlpackage");
                    m.save(out);
                    f.assertMatches(CONVERTER.run(out, b.build(), TorchFixture.feeds(f.inputs())));
                }));
    }
}
