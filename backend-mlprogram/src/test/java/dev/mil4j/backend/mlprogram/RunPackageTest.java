package dev.mil4j.backend.mlprogram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Converter.run} on {@code .mlpackage}s: the backend reads them back, the interpreter runs them. */
class RunPackageTest {
    private static final String MODEL = """
            program(version: 1)

            func main<iOS15>(%x: fp32[2, 3]) {
              %w: fp32[4, 3] = const() {val = fp32[4, 3] [1.0, 2.0, 3.0, -1.0, 0.5, 0.25, 0.0, 1.0, 0.0, 2.0, -2.0, 1.0]}
              %h: fp32[2, 4] = linear(x = %x, weight = %w)
              %y: fp32[2, 4] = relu(x = %h)
            } -> (%y)
            """;

    @TempDir
    Path dir;

    private final Converter converter = Converter.builder().plugin(new MlProgramBackendPlugin()).build();

    @Test
    void aWrittenPackageRunsLikeItsSource() throws Exception {
        Path source = dir.resolve("m.mil");
        Files.writeString(source, MODEL);
        ConvertOptions fp32 = ConvertOptions.builder().computePrecision(Precision.FP32).build();
        Path pkg = dir.resolve("m.mlpackage");
        converter.convert(source, fp32).save(pkg);
        assertThat(converter.readBack(pkg)).isPresent();
        assertThat(converter.readBack(source)).isEmpty();
        Map<String, TensorValue> in = Map.of("x", TensorValue.ofFloats(Shape.of(2, 3), 1, 2, 3, -1, 0, 1));
        Map<String, TensorValue> fromSource = converter.run(source, fp32, in);
        Map<String, TensorValue> fromPackage = converter.run(pkg, fp32, in);
        assertThat(fromPackage.keySet()).containsExactly("y");
        assertThat(fromPackage.get("y").toFloatArray()).containsExactly(fromSource.get("y").toFloatArray())
                .containsExactly(14, 0.75f, 2, 1, 2, 1.25f, 0, 0);
    }

    @Test
    void aCoremltoolsPackageRunsAndMatchesPyTorchWithinFp16() throws Exception {
        Path torch = TestData.path("torch");
        Path pkg = Fixtures.coremltools().resolve("mlp.mlpackage");
        var program = converter.readBack(pkg).orElseThrow();
        String input = program.main().inputs().get(0).name();
        Map<String, TensorValue> out = converter.run(program, Map.of(input, Npy.read(torch.resolve("mlp.input0.npy"))));
        float[] expected = Npy.read(torch.resolve("mlp.output0.npy")).toFloatArray();
        float[] actual = out.values().iterator().next().toFloatArray();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as("element %d", i)
                    .isLessThanOrEqualTo(1e-2f * (1 + Math.abs(expected[i])));
        }
    }
}
