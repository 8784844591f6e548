package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.Converter;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.proto.ModelDescription;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * I/O dtypes ({@code fp16_input}, {@code fp16_output}, {@code mlp256_ios16} and {@code mlp256_fp32_ios16}) and
 * per-op precision ({@code fp16_except_conv}) of {@code testdata/coremltools-features}, reproduced and compared with
 * coremltools 9.0's packages.
 */
class IoDtypesTest {
    @TempDir
    Path dir;

    static Path fixture(String name) {
        return TestData.path("coremltools-features/" + name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cnn.pt|x:1x3x32x32|--output-name logits:fp16 --target iOS16|fp16_output_mlprogram",
            "cnn.pt|x:1x3x32x32:fp16|--output-name var_37 --target iOS16|fp16_input_mlprogram",
            "mlp256.pt|x:1x16|--output-name logits --target iOS16|mlp256_ios16",
            "mlp256.pt|x:1x16|--output-name logits --target iOS16 --precision fp32|mlp256_fp32_ios16",
            "cnn.pt|x:1x3x32x32|--output-name var_37 --fp32-ops conv|fp16_except_conv_mlprogram"})
    void interfaceDtypesAndOpPrecisionMatchCoremltools(String model, String input, String options, String expected)
            throws Exception {
        Path out = dir.resolve("m.mlpackage");
        List<String> args = new ArrayList<>(List.of("convert", fixture("models/" + model).toString(), "--input", input,
                "-o", out.toString(), "-q"));
        args.addAll(List.of(options.split(" ")));
        CliTest.Result r = CliTest.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        ModelDescription ours = MlPackage.read(out).model().getDescription();
        ModelDescription theirs = MlPackage.read(fixture(expected + ".mlpackage")).model().getDescription();
        assertThat(ours.getInputList()).isEqualTo(theirs.getInputList());
        assertThat(ours.getOutputList()).isEqualTo(theirs.getOutputList());
        Converter converter = Converter.builder().discoverPlugins().build();
        assertThat(computeOps(converter.readBack(out).orElseThrow()))
                .isEqualTo(computeOps(converter.readBack(fixture(expected + ".mlpackage")).orElseThrow()));
    }

    /** The ops other than constants with the dtype of their first output, in order. */
    private static List<String> computeOps(Program p) {
        List<String> out = new ArrayList<>();
        for (Operation o : p.main().body().operations()) {
            if (!o.type().equals("const")) {
                out.add(o.type() + ":" + o.output().tensorType().dtype());
            }
        }
        return out;
    }

    @Test
    void fp16BelowIos16IsAnErrorNamingTheOption() {
        CliTest.Result in = CliTest.run("convert", fixture("models/cnn.pt").toString(), "--input",
                "x:1x3x32x32:fp16", "-o", dir.resolve("a.mlpackage").toString(), "-q");
        assertThat(in.code()).isEqualTo(1);
        assertThat(in.err()).contains("--input x:1x3x32x32:fp16: fp16 inputs need iOS16 or later");
        CliTest.Result out = CliTest.run("convert", fixture("models/cnn.pt").toString(), "--input", "x:1x3x32x32",
                "--output-name", "y:fp16", "-o", dir.resolve("a.mlpackage").toString(), "-q");
        assertThat(out.err()).contains("--output-name y:fp16: fp16 outputs need iOS16 or later");
        CliTest.Result nn = CliTest.run("convert", fixture("models/cnn.pt").toString(), "--input", "x:1x3x32x32",
                "--output-name", "y:fp16", "--to", "neuralnetwork", "-o", dir.resolve("a.mlmodel").toString());
        assertThat(nn.err()).contains("--output-name y:fp16: NeuralNetwork outputs are fp32");
        CliTest.Result ops = CliTest.run("convert", fixture("models/cnn.pt").toString(), "--input", "x:1x3x32x32",
                "--fp32-ops", "conv", "--to", "neuralnetwork", "-o", dir.resolve("a.mlmodel").toString());
        assertThat(ops.code()).isEqualTo(2);
        assertThat(ops.err()).contains("--fp32-ops keeps ops in fp32 in an ML Program of fp16 precision");
    }
}
