package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.testing.Golden;
import dev.mil4j.core.text.MilPrinter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The op zoo models (made by make_test_models.py with onnx 1.12): one branch per common op and opset form, every
 * branch a graph output, so each translation is exercised and its MIL reviewed in the golden text.
 */
class OnnxOpZooTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new OnnxFrontendPlugin()).build();

    @ParameterizedTest
    @ValueSource(strings = {"ops_opset11", "ops_opset13", "ops_opset17"})
    void everyBranchTranslatesToAVerifiedProgram(String name) {
        Program program = CONVERTER.load(Fixtures.model(name + ".onnx"), ConvertOptions.builder().build());
        assertThat(Verifier.verify(program)).isEmpty();
        Golden.assertMatches(getClass(), "/golden/mil/" + name + ".mil", MilPrinter.eliding(16).format(program));
    }
}
