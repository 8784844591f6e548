package dev.mil4j.examples.customtopk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.backend.mlprogram.MlProgramBackendPlugin;
import dev.mil4j.backend.neuralnetwork.NeuralNetworkBackendPlugin;
import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.InputType;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.types.Shape;
import dev.mil4j.frontend.pytorch.TorchFrontendPlugin;
import dev.mil4j.frontend.tensorflow.TensorFlowFrontendPlugin;
import dev.mil4j.spec.ModelFiles;
import dev.mil4j.spec.proto.CustomLayerParams;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed workflow end to end: a TorchScript model and a TensorFlow graph with a top-k convert, with this plugin,
 * to a NeuralNetwork model holding the custom layer CustomTopK; to an ML Program they are refused with the backend's
 * diagnostic and nothing is written; without the plugin the built-in topk is used.
 */
class SeedWorkflowTest {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path TORCH = ROOT.resolve("../shared/fixtures/torch/topk_head.pt").normalize();
    private static final Path COREMLTOOLS = ROOT.resolve("../shared/fixtures/coremltools/topk_head_custom_topk.mlmodel")
            .normalize();
    private static final Path TF = Path.of("models/topk_head.pb").toAbsolutePath();

    @TempDir
    Path dir;

    private static Converter.Builder base() {
        return Converter.builder().plugin(new TorchFrontendPlugin()).plugin(new TensorFlowFrontendPlugin())
                .plugin(new NeuralNetworkBackendPlugin()).plugin(new MlProgramBackendPlugin());
    }

    private static ConvertOptions torchOptions(String target) {
        return ConvertOptions.builder().target(target).input(InputType.of("x", Shape.of(2, 16))).build();
    }

    @Test
    void torchTopKBecomesTheCustomLayerLikeCoremltoolsWritesIt() throws Exception {
        Converter converter = base().plugin(new CustomTopKPlugin()).build();
        Path out = dir.resolve("topk.mlmodel");
        converter.convert(TORCH, torchOptions(ConvertOptions.NEURALNETWORK)).save(out);
        Model ours = ModelFiles.readModel(out);
        Model theirs = ModelFiles.readModel(COREMLTOOLS);
        assertThat(ours.getSpecificationVersion()).isEqualTo(theirs.getSpecificationVersion()).isEqualTo(4);
        assertThat(kinds(ours)).isEqualTo(kinds(theirs)).containsExactly("INNERPRODUCT", "ACTIVATION", "CUSTOM");
        CustomLayerParams custom = customLayer(ours);
        CustomLayerParams expected = customLayer(theirs);
        assertThat(custom.getClassName()).isEqualTo(expected.getClassName()).isEqualTo("CustomTopK");
        assertThat(custom.getParametersMap()).isEqualTo(expected.getParametersMap());
        assertThat(custom.getParametersMap().get("k").getIntValue()).isEqualTo(5);
        assertThat(custom.getParametersMap().get("axis").getIntValue()).isEqualTo(-1);
        assertThat(custom.getParametersMap().get("sorted").getBoolValue()).isTrue();
        assertThat(custom.getDescription()).isEqualTo(expected.getDescription()).isEqualTo("Top K Custom layer");
    }

    @Test
    void tensorFlowTopKV2BecomesTheCustomLayer() throws Exception {
        Converter converter = base().plugin(new CustomTopKPlugin()).build();
        Path out = dir.resolve("topk_tf.mlmodel");
        converter.convert(TF, ConvertOptions.builder().target(ConvertOptions.NEURALNETWORK).build()).save(out);
        Model ours = ModelFiles.readModel(out);
        assertThat(kinds(ours)).containsExactly("INNERPRODUCT", "ACTIVATION", "CUSTOM");
        CustomLayerParams custom = customLayer(ours);
        assertThat(custom.getClassName()).isEqualTo("CustomTopK");
        assertThat(custom.getParametersMap().get("k").getIntValue()).isEqualTo(5);
        assertThat(custom.getParametersMap().get("axis").getIntValue()).isEqualTo(-1);
    }

    @Test
    void anMlProgramIsRefusedAndNothingIsWritten() throws Exception {
        Converter converter = base().plugin(new CustomTopKPlugin()).build();
        Path out = dir.resolve("topk.mlpackage");
        assertThatThrownBy(() -> converter.convert(TORCH, torchOptions(ConvertOptions.MLPROGRAM)).save(out))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("custom op `custom_topk_0` (custom_topk, bound to class `CustomTopK`) cannot "
                        + "go into an ML Program")
                .hasMessageContaining("from torch node `aten::topk`")
                .hasMessageContaining("--to neuralnetwork");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void withoutThePluginTheBuiltInTopKIsUsed() throws Exception {
        Converter converter = base().build();
        Path out = dir.resolve("topk.mlmodel");
        converter.convert(TORCH, torchOptions(ConvertOptions.NEURALNETWORK)).save(out);
        assertThat(kinds(ModelFiles.readModel(out))).containsExactly("INNERPRODUCT", "ACTIVATION", "TOPK");
        Path pkg = dir.resolve("topk.mlpackage");
        converter.convert(TORCH, torchOptions(ConvertOptions.MLPROGRAM)).save(pkg);
        assertThat(pkg.resolve("Manifest.json")).exists();
    }

    @Test
    void customTopKChecksKAgainstAKnownDim() {
        Converter converter = base().plugin(new CustomTopKPlugin()).build();
        var ctx = dev.mil4j.core.op.SimpleInferenceContext.of(new CustomTopKOp())
                .input("x", dev.mil4j.core.types.TensorType.of(dev.mil4j.core.types.DType.FP32, 2, 3))
                .input("k", dev.mil4j.core.value.TensorValue.scalar(5)).build();
        assertThatThrownBy(() -> new CustomTopKOp().inferTypes(ctx))
                .hasMessage("is 5, larger than dim 1 of x (3)");
        assertThat(converter.plugins().ops().customOps()).extracting(d -> d.name()).containsExactly("custom_topk");
    }

    private static List<String> kinds(Model m) {
        return m.getNeuralNetwork().getLayersList().stream().map(l -> l.getLayerCase().name()).toList();
    }

    private static CustomLayerParams customLayer(Model m) {
        return m.getNeuralNetwork().getLayersList().stream().filter(NeuralNetworkLayer::hasCustom).findFirst()
                .orElseThrow().getCustom();
    }
}
