package dev.mil4j.frontend.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.testing.Golden;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.types.Shape;
import org.junit.jupiter.api.Test;

class TorchFrontendTest {
    static final Converter CONVERTER = Converter.builder().plugin(new TorchFrontendPlugin()).build();

    static Program load(String fixture, String... shapes) {
        ConvertOptions.Builder options = ConvertOptions.builder();
        for (int i = 0; i < shapes.length; i++) {
            options.input(InputType.of("input" + i, Shape.parse(shapes[i])));
        }
        Program p = CONVERTER.load(Fixtures.torch(fixture), options.build());
        assertThat(Verifier.verify(p)).isEmpty();
        return p;
    }

    private void golden(String fixture, String... shapes) {
        Golden.assertMatches(getClass(), "/golden/mil/" + fixture + ".mil", MilPrinter.print(load(fixture, shapes)));
    }

    @Test
    void convertsTopkHead() {
        golden("topk_head", "2x16");
    }

    @Test
    void convertsMlp() {
        golden("mlp", "4x20");
    }

    /** The printed program without its constants (large weights), for the bigger fixtures. */
    private void goldenWithoutConstants(String fixture, String... shapes) {
        String text = MilPrinter.print(load(fixture, shapes));
        String ops = String.join("\n", text.lines().filter(l -> !l.contains(" = const() ")).toList()) + "\n";
        Golden.assertMatches(getClass(), "/golden/mil/" + fixture + ".ops.mil", ops);
    }

    @Test
    void convertsSmallCnn() {
        goldenWithoutConstants("small_cnn", "1x3x16x16");
    }

    @Test
    void convertsAttentionBlockWithStaticShapesFoldingTheShapeArithmetic() {
        goldenWithoutConstants("attention_block", "2x6x32");
        String text = MilPrinter.print(load("attention_block", "2x6x32"));
        assertThat(text).doesNotContain("= shape(").doesNotContain("= gather(").doesNotContain("= floor_div(");
    }

    @Test
    void keepsSymbolicDims() {
        String text = MilPrinter.print(load("mlp", "Bx20"));
        assertThat(text).contains("func main<iOS15>(%input0: fp32[B, 20])").contains("} -> (%sub_0)")
                .contains("%sub_0: fp32[B, 5] = sub(");
        String cnn = MilPrinter.print(load("small_cnn", "Nx3x16x16"));
        assertThat(cnn).contains("%reshape_0: fp32[N, 256] = reshape(x = %avg_pool_0, shape = %reshape_shape)")
                .contains("%softmax_0: fp32[N, 10] = softmax(");
    }

    @Test
    void convertsElementwiseZoo() {
        golden("elementwise_zoo", "2x3x8", "2x3x8");
    }
}
