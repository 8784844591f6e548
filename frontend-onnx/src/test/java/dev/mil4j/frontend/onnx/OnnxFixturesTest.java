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

/** The public ONNX fixtures (PyTorch 1.13, opset 13) convert to verified MIL programs, compared with golden text. */
class OnnxFixturesTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new OnnxFrontendPlugin()).build();

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "small_cnn", "topk_head", "attention_block", "elementwise_zoo"})
    void fixtureConvertsToAVerifiedProgram(String name) {
        Program program = CONVERTER.load(Fixtures.onnx(name), ConvertOptions.builder().build());
        assertThat(Verifier.verify(program)).isEmpty();
        Golden.assertMatches(getClass(), "/golden/mil/" + name + ".mil", MilPrinter.eliding(16).format(program));
    }
}
