package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code convert}, {@code run} and {@code verify} take the conversion options of one mixin ({@link ConversionFlags}):
 * each has every one of them, and values that only {@code convert} took before (an output dtype) now work on the
 * others.
 */
class ConversionFlagsTest {
    @org.junit.jupiter.api.io.TempDir
    Path dir;

    private static Set<String> optionNames(Object command) {
        Set<String> names = new TreeSet<>();
        new CommandLine(command).getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
        return names;
    }

    @Test
    void convertRunAndVerifyShareEveryConversionOption() {
        Set<String> shared = optionNames(new ConversionFlags());
        assertThat(shared).contains("--to", "--framework", "--target", "--precision", "--output-name",
                "--input-shapes", "--state", "--fp32-ops", "--pipeline-remove", "--verify-each-pass", "--image",
                "--image-output", "--classifier-labels", "--predicted-feature", "--author", "--meta", "--describe");
        assertThat(optionNames(new ConvertCommand())).containsAll(shared);
        assertThat(optionNames(new RunCommand())).containsAll(shared);
        assertThat(optionNames(new VerifyCommand())).containsAll(shared);
    }

    @Test
    void verifyTakesAnOutputDtypeAsConvertDoes() {
        CliTest.Result r = CliTest.run("verify", TestData.path("onnx/elementwise_zoo.onnx").toString(),
                "--output-name", "output1:fp32", "--precision", "fp32", "-q");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).containsPattern("\\n  output1 +\\[2, 4\\] ").doesNotContain("output0");
        CliTest.Result bad = CliTest.run("verify", TestData.path("onnx/elementwise_zoo.onnx").toString(),
                "--output-name", "output1:fp8", "-q");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("bad dtype 'fp8' in --output-name 'output1:fp8': use fp16 or fp32");
    }

    @Test
    void verifyChecksTheCompressedModelConvertWouldWrite() {
        String mlp = TestData.path("onnx/mlp.onnx").toString();
        CliTest.Result plain = CliTest.run("verify", mlp, "--precision", "fp32", "--report",
                dir.resolve("plain.json").toString());
        CliTest.Result palettized = CliTest.run("verify", mlp, "--precision", "fp32", "--target", "iOS16", "--palettize", "2",
                "--palettize-mode", "uniform", "--min-weight-size", "16", "--atol", "10", "--rtol", "10", "--report",
                dir.resolve("pal.json").toString());
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(palettized.code()).as(palettized.err()).isZero();
        assertThat(palettized.err()).containsPattern("[1-9][0-9]* of [0-9]+ weights compressed");
        // 2-bit weights move the outputs far more than fp32 rounding does
        assertThat(maxAbsError(dir.resolve("pal.json"))).isGreaterThan(100 * maxAbsError(dir.resolve("plain.json")));
        CliTest.Result nn = CliTest.run("verify", mlp, "--to", "neuralnetwork", "--palettize", "2", "-q");
        assertThat(nn.code()).isEqualTo(2);
        assertThat(nn.err()).contains("weight compression on verify compresses the ML Program it converts");
    }

    private static double maxAbsError(Path report) {
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
            double max = 0;
            for (var o : json.findValues("maxAbsError")) {
                max = Math.max(max, o.asDouble());
            }
            return max;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void runKeepsFp16AsItsDefaultPrecision() {
        ConversionFlags flags = new ConversionFlags();
        new CommandLine(flags).parseArgs();
        assertThat(flags.precisionOr(dev.mil4j.converter.spi.Precision.FP16))
                .isEqualTo(dev.mil4j.converter.spi.Precision.FP16);
        new CommandLine(flags).parseArgs("--precision", "fp32");
        assertThat(flags.precisionOr(dev.mil4j.converter.spi.Precision.FP16))
                .isEqualTo(dev.mil4j.converter.spi.Precision.FP32);
    }
}
