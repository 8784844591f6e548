package dev.mil4j.examples.customtopk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.backend.mlprogram.MlProgramBackendPlugin;
import dev.mil4j.backend.neuralnetwork.NeuralNetworkBackendPlugin;
import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.Interpreter;
import dev.mil4j.interpreter.npy.Npy;
import dev.mil4j.frontend.pytorch.TorchFrontendPlugin;
import dev.mil4j.frontend.tensorflow.TensorFlowFrontendPlugin;
import dev.mil4j.spec.ModelFiles;
import dev.mil4j.spec.proto.CustomLayerParams;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed workflow end to end: a TorchScript model and a TensorFlow graph with a top-k convert, with this plugin,
 * to a NeuralNetwork model holding the custom layer CustomTopK; to an ML Program they are refused with the backend's
 * diagnostic and nothing is written; without the plugin the built-in topk is used.
 */
class SeedWorkflowTest {
    private static final Path TORCH = TestData.path("torch/topk_head.pt");
    private static final Path COREMLTOOLS = TestData.path("coremltools/topk_head_custom_topk.mlmodel");
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

    @Test
    void theCustomOpRunsInTheInterpreterThroughThePluginKernel() throws Exception {
        Converter converter = base().plugin(new CustomTopKPlugin()).build();
        Program program = converter.load(TORCH, torchOptions(ConvertOptions.NEURALNETWORK));
        Path fixtures = TORCH.getParent();
        Map<String, TensorValue> out = new Interpreter(converter.plugins().kernels()).run(program,
                Map.of("x", Npy.read(fixtures.resolve("topk_head.input0.npy"))));
        List<TensorValue> results = List.copyOf(out.values());
        float[] expected = Npy.read(fixtures.resolve("topk_head.output0.npy")).toFloatArray();
        float[] values = results.get(0).toFloatArray();
        assertThat(values).hasSameSizeAs(expected);
        for (int i = 0; i < values.length; i++) {
            assertThat(values[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
        assertThat(results.get(1).dtype()).isEqualTo(DType.INT32);
        assertThat(results.get(1).toLongArray())
                .containsExactly(Npy.read(fixtures.resolve("topk_head.output1.npy")).toLongArray());
    }

    @Test
    void theKernelPicksTheLargestAlongAnAxisSortedOrInOrder() {
        Converter converter = base().plugin(new CustomTopKPlugin()).build();
        Interpreter interpreter = new Interpreter(converter.plugins().kernels());
        // x is 3x2; along axis 0 the columns are [1, 3, 5] and [4, 2, 4]
        TensorValue x = TensorValue.ofFloats(Shape.of(3, 2), 1, 4, 3, 2, 5, 4);
        for (boolean sorted : new boolean[] {true, false}) {
            Program p = MilParser.parse("""
                    program(version: 1)

                    func main<iOS15>(%x: fp32[3, 2]) {
                      %k: int32[] = const() {val = int32[] [2]}
                      %axis: int32[] = const() {val = int32[] [0]}
                      %sorted: bool[] = const() {val = bool[] [SORTED]}
                      %v: fp32[2, 2], %i: int32[2, 2] = custom_topk(x = %x, k = %k, axis = %axis, sorted = %sorted)
                    } -> (%v, %i)
                    """.replace("SORTED", String.valueOf(sorted)), converter.plugins().ops());
            Map<String, TensorValue> r = interpreter.run(p, Map.of("x", x));
            if (sorted) {
                assertThat(r.get("v").toFloatArray()).containsExactly(5, 4, 3, 4);
                assertThat(r.get("i").toIntArray()).containsExactly(2, 0, 1, 2);
            } else {
                // the picked rows in their original order: column 0 takes rows 1 and 2, column 1 rows 0 and 2
                assertThat(r.get("v").toFloatArray()).containsExactly(3, 4, 5, 4);
                assertThat(r.get("i").toIntArray()).containsExactly(1, 0, 2, 2);
            }
        }
    }

    private static List<String> kinds(Model m) {
        return m.getNeuralNetwork().getLayersList().stream().map(l -> l.getLayerCase().name()).toList();
    }

    private static CustomLayerParams customLayer(Model m) {
        return m.getNeuralNetwork().getLayersList().stream().filter(NeuralNetworkLayer::hasCustom).findFirst()
                .orElseThrow().getCustom();
    }
}
