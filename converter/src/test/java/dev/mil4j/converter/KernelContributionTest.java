package dev.mil4j.converter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.Interpreter;
import dev.mil4j.interpreter.KernelRegistry;
import dev.mil4j.interpreter.OpKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins contribute interpreter kernels: custom ops run once their plugin adds a kernel; same collision rules. */
class KernelContributionTest {
    static final String CUSTOM = """
            program(version: 1)

            func main<iOS15>(%x: fp32[2]) {
              %y: fp32[2] = custom_relu(x = %x)
            } -> (%y)
            """;

    /** relu, as the kernel of the test's custom op. */
    static final OpKernel RELU = ctx -> {
        float[] x = ctx.input("x").toFloatArray();
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0, x[i]);
        }
        return List.of(TensorValue.ofFloats(ctx.input("x").shape(), y));
    };

    @TempDir
    Path dir;

    private static Mil4jPlugin customRelu(boolean withKernel) {
        return TestPlugins.plugin("custom-relu", b -> {
            Contributions.op(b, new ConverterTest.CustomReluOp());
            if (withKernel) {
                Contributions.kernel(b, "custom_relu", RELU);
            }
        });
    }

    @Test
    void theStandardKernelsAreThereAndPluginKernelsAreAddedUnderThePluginId() throws Exception {
        Converter converter = Converter.builder().plugin(customRelu(true)).build();
        KernelRegistry kernels = converter.plugins().kernels();
        assertThat(kernels.contains("conv")).isTrue();
        assertThat(kernels.registration("conv").orElseThrow().registrant()).isEqualTo(KernelRegistry.BUILT_IN);
        assertThat(kernels.registration("custom_relu").orElseThrow().registrant()).isEqualTo("custom-relu");
        assertThat(converter.plugins().plugins().get(1).contributions())
                .containsExactly("custom op custom_relu", "kernel custom_relu");

        Path model = dir.resolve("m.mil");
        Files.writeString(model, CUSTOM);
        var program = converter.load(model, ConvertOptions.builder().build());
        Map<String, TensorValue> out = new Interpreter(kernels).run(program,
                Map.of("x", TensorValue.ofFloats(Shape.of(2), -1f, 2f)));
        assertThat(out.get("y").toFloatArray()).containsExactly(0f, 2f);
    }

    @Test
    void aCustomOpWithoutKernelIsNamed() throws Exception {
        Converter converter = Converter.builder().plugin(customRelu(false)).build();
        Path model = dir.resolve("m.mil");
        Files.writeString(model, CUSTOM);
        var program = converter.load(model, ConvertOptions.builder().build());
        assertThatThrownBy(() -> new Interpreter(converter.plugins().kernels()).run(program,
                Map.of("x", TensorValue.ofFloats(Shape.of(2), -1f, 2f))))
                .hasMessageStartingWith("no interpreter kernel for op `custom_relu` (1 use)");
    }

    @Test
    void kernelCollisionsNameBothPluginsAndOverridesReplace() {
        Mil4jPlugin other = TestPlugins.plugin("other", b -> Contributions.kernel(b, "custom_relu", RELU));
        assertThatThrownBy(() -> Converter.builder().plugin(customRelu(true)).plugin(other).build())
                .isInstanceOf(PluginException.class)
                .hasMessage("interpreter kernel custom_relu is registered by both 'custom-relu' and 'other'; to "
                        + "replace the first, register the second as an explicit override");
        assertThatThrownBy(() -> Converter.builder().plugin(other("relu", false)).build())
                .hasMessageContaining("registered by both 'mil4j-interpreter' and 'other'");
        OpKernel mine = ctx -> List.of(ctx.input("x"));
        Converter converter = Converter.builder().plugin(TestPlugins.plugin("mine",
                b -> Contributions.overridingKernel(b, "relu", mine))).build();
        assertThat(converter.plugins().kernels().kernel("relu")).containsSame(mine);
        assertThat(converter.plugins().kernels().registration("relu").orElseThrow().registrant()).isEqualTo("mine");
    }

    private static Mil4jPlugin other(String op, boolean override) {
        return TestPlugins.plugin("other", b -> {
            if (override) {
                Contributions.overridingKernel(b, op, RELU);
            } else {
                Contributions.kernel(b, op, RELU);
            }
        });
    }
}
