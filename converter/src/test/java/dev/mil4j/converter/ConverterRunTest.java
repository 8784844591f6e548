package dev.mil4j.converter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Converter.run}: a source model converted on the fly (through the target's pipeline) and interpreted. */
class ConverterRunTest {
    private static final String MODEL = """
            program(version: 1)

            func main<iOS15>(%x: fp32[B, 2]) {
              %w: fp32[2] = const() {val = fp32[2] [1.0, 2.0]}
              %a: fp32[B, 2] = mul(x = %x, y = %w)
              %b: fp32[B, 2] = mul(x = %x, y = %w)
              %y: fp32[B, 2] = add(x = %a, y = %b)
              %z: fp32[B, 2] = custom_relu(x = %y)
            } -> (%y, %z)
            """;

    @TempDir
    Path dir;

    private Converter converter(boolean withKernel) {
        return Converter.builder().plugin(TestPlugins.milTextBackend()).plugin(TestPlugins.plugin("custom-relu",
                b -> {
                    Contributions.op(b, new ConverterTest.CustomReluOp());
                    if (withKernel) {
                        Contributions.kernel(b, "custom_relu", KernelContributionTest.RELU);
                    }
                })).build();
    }

    private static ConvertOptions options() {
        return ConvertOptions.builder().target("miltext").build();
    }

    @Test
    void runsTheConvertedProgramAndCastsNumpyDefaultDtypes() throws Exception {
        Path model = dir.resolve("m.mil");
        Files.writeString(model, MODEL);
        Converter converter = converter(true);
        // float64, as numpy writes by default: cast to the input's fp32
        Map<String, TensorValue> out = converter.run(model, options(),
                Map.of("x", TensorValue.ofDoubles(Shape.of(1, 2), -1, 3)));
        assertThat(out.keySet()).containsExactly("y", "z");
        assertThat(out.get("y").toFloatArray()).containsExactly(-2f, 12f);
        assertThat(out.get("z").toFloatArray()).containsExactly(0f, 12f);
        // the pipeline ran: the duplicate mul is gone
        Program p = converter.loadRunnable(model, options());
        assertThat(p.main().body().operations()).extracting(o -> o.type()).doesNotHaveDuplicates();
        assertThat(converter.readBack(model)).isEmpty();
    }

    @Test
    void problemsAreDiagnostics() throws Exception {
        Path model = dir.resolve("m.mil");
        Files.writeString(model, MODEL);
        assertThatThrownBy(() -> converter(false).run(model, options(),
                Map.of("x", TensorValue.ofFloats(Shape.of(1, 2), -1, 3))))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("no interpreter kernel for op `custom_relu` (1 use)");
        assertThatThrownBy(() -> converter(true).run(model, options(),
                Map.of("x", TensorValue.ofFloats(Shape.of(1, 3), -1, 3, 4))))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("input 'x' has type fp32[1, 3] but function 'main' expects fp32[B, 2]: dim 1 "
                        + "is 3, not 2");
        assertThatThrownBy(() -> converter(true).run(model, options(),
                Map.of("x", TensorValue.ofBools(Shape.of(1, 2), true, false))))
                .hasMessageContaining("the dtype differs");
    }
}
