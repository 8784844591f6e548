package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX names that are not Core ML identifiers ({@code x.1}, {@code out.0}; the model's Core ML names are
 * {@code x_1} and {@code out_0}): {@code run} and {@code verify} take the source names, {@code run} writes outputs
 * under them.
 */
class SourceNamesRunTest {
    private static final Path MODEL = TestData.path("onnx/wild/shape_if.onnx");

    @TempDir
    Path dir;

    private Path x;
    private float[] expected;

    @BeforeEach
    void input() throws Exception {
        float[] values = new float[2 * 4 * 6];
        expected = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 5;
            expected[i] = values[i] + 1; // the shape checks add 1; the sum is positive, relu keeps it
        }
        x = dir.resolve("x.npy");
        Npy.write(x, TensorValue.ofFloats(Shape.of(2, 4, 6), values));
    }

    private void assertOutput(CliTest.Result r, Path out) throws Exception {
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("out.0.npy: Core ML output `out_0`");
        try (var files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("out.0.npy");
        }
        assertThat(Npy.read(out.resolve("out.0.npy")).toFloatArray()).containsExactly(expected);
    }

    @Test
    void runTakesTheSourceNamesOfASourceModel() throws Exception {
        Path out = dir.resolve("source");
        assertOutput(CliTest.run("run", MODEL.toString(), "--input", "x.1=" + x, "--precision", "fp32", "--out",
                out.toString()), out);
    }

    @Test
    void runTakesBothNamesForTheConvertedModel() throws Exception {
        Path pkg = dir.resolve("m.mlpackage");
        CliTest.Result c = CliTest.run("convert", MODEL.toString(), "--input", "x.1:2x4x6", "--precision", "fp32",
                "-o", pkg.toString());
        assertThat(c.code()).as(c.err()).isZero();
        for (String name : new String[] {"x.1", "x_1"}) {
            Path out = dir.resolve("converted_" + name);
            assertOutput(CliTest.run("run", pkg.toString(), "--input", name + "=" + x, "--out", out.toString()), out);
        }
    }

    @Test
    void verifyTakesTheSourceNamesAndScalarInputs() throws Exception {
        CliTest.Result r = CliTest.run("verify", MODEL.toString(), "--input", "x.1=" + x, "--precision", "fp32");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("out_0 (out.0)").contains("verified");
        // rank-0 source inputs: shape [1] in the converted model, scalars for ONNX Runtime
        Path s = dir.resolve("s.npy");
        Path n = dir.resolve("n.npy");
        Path v = dir.resolve("v.npy");
        Npy.write(s, TensorValue.scalar(2.5f));
        Npy.write(n, TensorValue.scalar(3L));
        Npy.write(v, TensorValue.ofFloats(Shape.of(2, 3), 1, -2, 3, -4, 5, -6));
        CliTest.Result scalars = CliTest.run("verify", TestData.path("onnx/wild/scalar_input.onnx").toString(),
                "--input", "x=" + v, "--input", "s=" + s, "--input", "n=" + n, "--precision", "fp32");
        assertThat(scalars.code()).as(scalars.err() + scalars.out()).isZero();
        assertThat(scalars.out()).contains("verified");
    }
}
