package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.ModelFiles;
import dev.mil4j.spec.proto.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Flexible input shapes ({@code enumerated_shapes_*}, {@code range_batch_*} of {@code testdata/coremltools-features})
 * reproduced and compared with coremltools 9.0's files.
 */
class FlexibleShapesTest {
    @TempDir
    Path dir;

    static Path fixture(String name) {
        return TestData.path("coremltools-features/" + name);
    }

    static Model read(Path model) throws java.io.IOException {
        return Files.isDirectory(model) ? MlPackage.read(model).model() : ModelFiles.readModel(model);
    }

    @ParameterizedTest
    @CsvSource({"neuralnetwork, m.mlmodel, enumerated_shapes_nn.mlmodel",
            "mlprogram, m.mlpackage, enumerated_shapes_mlprogram.mlpackage"})
    void enumeratedShapesMatchCoremltools(String to, String file, String expected) throws Exception {
        Path out = dir.resolve(file);
        CliTest.Result r = CliTest.run("convert", fixture("models/cnn.pt").toString(), "--input-shapes",
                "x:1x3x32x32,1x3x64x64", "--output-name", "var_37", "--to", to, "-o", out.toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        Model ours = read(out);
        Model theirs = read(fixture(expected));
        assertThat(ours.getDescription().getInputList()).isEqualTo(theirs.getDescription().getInputList());
        assertThat(ours.getDescription().getOutputList()).isEqualTo(theirs.getDescription().getOutputList());
        assertThat(CliTest.run("inspect", out.toString()).out())
                .contains("x: multiArray FLOAT32 [1, 3, 32, 32] one of [[1, 3, 32, 32], [1, 3, 64, 64]]");
    }

    @ParameterizedTest
    @CsvSource({"neuralnetwork, m.mlmodel, range_batch_nn.mlmodel",
            "mlprogram, m.mlpackage, range_batch_mlprogram.mlpackage"})
    void rangesMatchCoremltools(String to, String file, String expected) throws Exception {
        Path out = dir.resolve(file);
        CliTest.Result r = CliTest.run("convert", fixture("models/cnn.pt").toString(), "--input",
                "x:B=1..64x3x32x32", "--output-name", "var_37", "--to", to, "-o", out.toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(read(out).getDescription().getInputList())
                .isEqualTo(read(fixture(expected)).getDescription().getInputList());
        assertThat(CliTest.run("inspect", out.toString()).out()).contains("ranges [1..64, 3..3, 32..32, 32..32]");
    }

    @Test
    void badEnumeratedShapesAreErrorsNamingTheOption() {
        CliTest.Result rank = CliTest.run("convert", fixture("models/cnn.pt").toString(), "--input-shapes",
                "x:1x3x32x32,1x3x64", "-o", dir.resolve("m.mlpackage").toString());
        assertThat(rank.code()).isEqualTo(2);
        assertThat(rank.err()).contains("bad --input-shapes 'x:1x3x32x32,1x3x64'").contains("of one rank");
        CliTest.Result form = CliTest.run("convert", fixture("models/cnn.pt").toString(), "--input-shapes",
                "x:1x3xHx32", "-o", dir.resolve("m.mlpackage").toString());
        assertThat(form.err()).contains("must be static");
    }
}
