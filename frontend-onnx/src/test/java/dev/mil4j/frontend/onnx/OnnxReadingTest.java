package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.testing.Golden;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * Reading: external data (memory-mapped, at an offset), fp16 in int32_data, int64 in int64_data, graph inputs that
 * are also initializers (constants unless named), user input types, symbolic dims from dim_param.
 */
class OnnxReadingTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new OnnxFrontendPlugin()).build();

    @Test
    void externalDataTypedFieldsAndInitializerInputs() {
        Program program = CONVERTER.load(Fixtures.model("external_data.onnx"), ConvertOptions.builder().build());
        assertThat(Verifier.verify(program)).isEmpty();
        assertThat(program.main().inputs()).extracting(Var::name).containsExactly("x");
        Golden.assertMatches(getClass(), "/golden/mil/external_data.mil", MilPrinter.print(program));
    }

    @Test
    void anInitializerTheUserNamesIsAnInput() {
        Program program = CONVERTER.load(Fixtures.model("external_data.onnx"), ConvertOptions.builder()
                .input(InputType.parse("scale")).build());
        assertThat(program.main().inputs()).extracting(Var::toString)
                .containsExactly("%x: fp32[2, 3]", "%scale: fp32[4]");
    }

    @Test
    void dimParamsBecomeSanitizedSymbolsAndUserShapesWin() {
        Converter converter = Converter.builder().plugin(new OnnxFrontendPlugin())
                .plugin(ExamplePlugins.customDomain()).build();
        Program program = converter.load(Fixtures.model("custom_domain.onnx"), ConvertOptions.builder().build());
        assertThat(program.main().inputs().get(0).toString()).isEqualTo("%x: fp32[batch_size, 4]");
        Program fixed = converter.load(Fixtures.model("custom_domain.onnx"), ConvertOptions.builder()
                .input(InputType.of("x", Shape.of(8, 4))).build());
        assertThat(fixed.main().outputs().get(0).toString()).isEqualTo("%y: fp32[8, 4]");
    }

    @Test
    void sanitizedNames() {
        assertThat(OnnxTypes.sanitize("/l1/Gemm_output_0", "v")).isEqualTo("l1_Gemm_output_0");
        assertThat(OnnxTypes.sanitize("onnx::Conv_33", "v")).isEqualTo("onnx_Conv_33");
        assertThat(OnnxTypes.sanitize("batch size", "v")).isEqualTo("batch_size");
        assertThat(OnnxTypes.sanitize("3d", "v")).isEqualTo("_3d");
        assertThat(OnnxTypes.sanitize("//", "v")).isEqualTo("v");
    }
}
