package dev.mil4j.examples.customtopk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.backend.neuralnetwork.NeuralNetworkBackendPlugin;
import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.PipelineEdit;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.frontend.pytorch.TorchFrontendPlugin;
import dev.mil4j.frontend.tensorflow.TfFrontendPlugin;
import dev.mil4j.spec.ModelFiles;
import dev.mil4j.spec.proto.CustomLayerParams;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plugin's pass, written with mil-core's public rewrite API: standard topk ops the CustomTopK layer can compute
 * become custom_topk, the others stay; appended to a conversion's pipeline, a MIL text model's topk becomes the
 * custom layer.
 */
class ReplaceTopKPassTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new TorchFrontendPlugin())
            .plugin(new TfFrontendPlugin()).plugin(new NeuralNetworkBackendPlugin())
            .plugin(new CustomTopKPlugin()).build();
    private static final OpRegistry OPS = CONVERTER.plugins().ops();

    @TempDir
    Path dir;

    /** A function of {@code %x} computing {@code topk} (ops making %v and %i) and returning %v + %v and %i. */
    private static String program(String opset, String xType, String topk, String outType) {
        return """
                program(version: 1)

                func main<OPSET>(%x: XTYPE) {
                  %k: int32[] = const() {val = int32[] [2]}
                  %axis: int32[] = const() {val = int32[] [0]}
                  TOPK
                  %s: OUTTYPE = add(x = %v, y = %v)
                } -> (%s, %i)
                """.replace("OPSET", opset).replace("XTYPE", xType).replace("TOPK", topk)
                .replace("OUTTYPE", outType);
    }

    private static String rewritten(String text) {
        Program p = MilParser.parse(text, OPS);
        PassContext ctx = PassContext.withDefaults(OPS);
        new ReplaceTopKPass().run(p, ctx);
        assertThat(Verifier.verify(p)).isEmpty();
        return MilPrinter.print(p);
    }

    @Test
    void aTopkOfTheLargestValuesBecomesCustomTopkUnderItsNamesWithItsSortFlag() {
        String text = program("iOS16", "fp32[3, 4]", "%no: bool[] = const() {val = bool[] [false]}\n"
                + "  %v: fp32[2, 4], %i: int32[2, 4] = topk(x = %x, k = %k, axis = %axis, sort = %no)"
                + " @(\"onnx\", \"TopK\", \"head/topk\", \"m.onnx\", 3)", "fp32[2, 4]");
        String out = rewritten(text);
        assertThat(out).contains("%v: fp32[2, 4], %i: int32[2, 4] = custom_topk(x = %x, k = %custom_topk_k, "
                        + "axis = %custom_topk_axis, sorted = %custom_topk_sorted) "
                        + "@(\"onnx\", \"TopK\", \"head/topk\", \"m.onnx\", 3)")
                .contains("%custom_topk_k: int32[] = const() {val = int32[] [2]}")
                .contains("%custom_topk_axis: int32[] = const() {val = int32[] [0]}")
                .contains("%custom_topk_sorted: bool[] = const() {val = bool[] [false]}")
                .contains("} -> (%s, %i)")
                // topk's constants went with it
                .doesNotContain("%k:").doesNotContain("%axis:").doesNotContain("%no:")
                .doesNotContain("= topk(");
    }

    @Test
    void beforeIos16TopkAlwaysSorts() {
        String out = rewritten(program("iOS15", "fp16[3, 4]",
                "%v: fp16[2, 4], %i: int32[2, 4] = topk(x = %x, k = %k, axis = %axis)", "fp16[2, 4]"));
        assertThat(out).contains("= custom_topk(")
                .contains("%custom_topk_sorted: bool[] = const() {val = bool[] [true]}");
    }

    /** What the layer cannot compute: the smallest values, integer tensors, no indices. */
    @ParameterizedTest
    @ValueSource(strings = {
        "%up: bool[] = const() {val = bool[] [true]}\n"
            + "  %v: fp32[2, 4], %i: int32[2, 4] = topk(x = %x, k = %k, axis = %axis, ascending = %up)",
        "%int32: string[] = const() {val = string[] [\"int32\"]}\n"
            + "  %xi: int32[3, 4] = cast(x = %x, dtype = %int32)\n"
            + "  %v: int32[2, 4], %i: int32[2, 4] = topk(x = %xi, k = %k, axis = %axis)",
        "%f: bool[] = const() {val = bool[] [false]}\n"
            + "  %v: fp32[2, 4] = topk(x = %x, k = %k, axis = %axis, return_indices = %f)\n"
            + "  %i: fp32[2, 4] = add(x = %v, y = %v)"})
    void topkOpsTheLayerCannotComputeStay(String topk) {
        boolean ints = topk.contains("%xi");
        String text = program("iOS16", "fp32[3, 4]", topk, ints ? "int32[2, 4]" : "fp32[2, 4]");
        Program p = MilParser.parse(text, OPS);
        String before = MilPrinter.print(p);
        PassContext ctx = PassContext.withDefaults(OPS);
        new ReplaceTopKPass().run(p, ctx);
        assertThat(MilPrinter.print(p)).isEqualTo(before);
        assertThat(ctx.statistics()).containsEntry("patterns_matched", 0L);
    }

    /** Appended to the pipeline of a conversion, the pass turns a MIL text model's topk into the custom layer. */
    @Test
    void appendedToTheConversionPipelineTheTopkOfAMilModelBecomesTheCustomLayer() throws Exception {
        Path model = dir.resolve("topk.mil");
        Files.writeString(model, """
                program(version: 1)

                func main<iOS15>(%x: fp32[2, 16]) {
                  %k: int32[] = const() {val = int32[] [5]}
                  %h: fp32[2, 16] = relu(x = %x)
                  %v: fp32[2, 5], %i: int32[2, 5] = topk(x = %h, k = %k)
                } -> (%v, %i)
                """);
        ConvertOptions.Builder options = ConvertOptions.builder().target(ConvertOptions.NEURALNETWORK);
        Path plain = dir.resolve("plain.mlmodel");
        CONVERTER.convert(model, options.build()).save(plain);
        assertThat(kinds(ModelFiles.readModel(plain))).containsExactly("ACTIVATION", "TOPK");

        Path custom = dir.resolve("custom.mlmodel");
        CONVERTER.convert(model, options.pipelineEdit(new PipelineEdit.Append(ReplaceTopKPass.ID)).build())
                .save(custom);
        Model m = ModelFiles.readModel(custom);
        assertThat(kinds(m)).containsExactly("ACTIVATION", "CUSTOM");
        CustomLayerParams layer = m.getNeuralNetwork().getLayersList().stream().filter(NeuralNetworkLayer::hasCustom)
                .findFirst().orElseThrow().getCustom();
        assertThat(layer.getClassName()).isEqualTo("CustomTopK");
        assertThat(layer.getParametersMap().get("k").getIntValue()).isEqualTo(5);
        assertThat(layer.getParametersMap().get("axis").getIntValue()).isEqualTo(-1);
        assertThat(layer.getParametersMap().get("sorted").getBoolValue()).isTrue();
        assertThat(m.getDescription().getOutputList()).extracting(o -> o.getName()).containsExactly("v", "i");
    }

    private static java.util.List<String> kinds(Model m) {
        return m.getNeuralNetwork().getLayersList().stream().map(l -> l.getLayerCase().name()).toList();
    }
}
