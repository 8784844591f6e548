package dev.mil4j.frontend.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.testing.Golden;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Graphs made by TensorFlow, converted to MIL and compared with reviewed golden text. */
class TfGraphsTest {
    @ParameterizedTest
    @ValueSource(strings = {"topk_head", "small_cnn", "mlp", "elementwise", "tensor_ops", "image_ops"})
    void frozenGraphConvertsToTheGoldenProgram(String name) {
        Program program = Fixtures.converter().load(Fixtures.graph(name + ".pb"), Fixtures.OPTIONS);
        assertThat(Verifier.verify(program)).isEmpty();
        Golden.assertMatches(getClass(), "/golden/mil/" + name + ".mil", MilPrinter.print(program));
    }

    @Test
    void savedModelUsesTheServingDefaultSignature() {
        Program program = Fixtures.converter().load(Fixtures.graph("saved_mlp"), Fixtures.OPTIONS);
        assertThat(program.attributes()).containsEntry("tensorflow_signature", "serving_default");
        assertThat(program.main().inputs()).extracting(v -> v.name() + ":" + v.type())
                .containsExactly("features:fp32[features_d0, 8]");
        assertThat(program.main().outputs()).extracting(v -> v.name()).containsExactly("scores");
        Golden.assertMatches(getClass(), "/golden/mil/saved_mlp.mil", MilPrinter.print(program));
    }

    @Test
    void userInputTypesOverrideThePlaceholderShape() {
        ConvertOptions options = ConvertOptions.builder().input(InputType.of("x", Shape.parse("2xN"))).build();
        Program program = Fixtures.converter().load(Fixtures.graph("no_shape.pb"), options);
        assertThat(program.main().inputs().get(0).type().toString()).isEqualTo("fp32[2, N]");
    }

    @Test
    void everyOpCarriesItsTensorFlowNode() {
        Program program = Fixtures.converter().load(Fixtures.graph("topk_head.pb"), Fixtures.OPTIONS);
        Operation topk = program.main().body().operationList().stream().filter(op -> op.type().equals("topk"))
                .findFirst().orElseThrow();
        assertThat(topk.location().framework()).isEqualTo("tensorflow");
        assertThat(topk.location().node()).isEqualTo("topk");
        assertThat(topk.location().scope()).isEqualTo("TopKV2");
        assertThat(topk.location().file()).isEqualTo("topk_head.pb");
    }
}
