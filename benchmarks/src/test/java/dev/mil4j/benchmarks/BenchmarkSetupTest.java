package dev.mil4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.PluginSet;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxFrontend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Param;

/** Checks what the benchmarks measure (not how fast): the programs are valid and the pass list is current. */
class BenchmarkSetupTest {
    private static final Converter CONVERTER = Converter.builder().discoverPlugins().build();
    private static final PluginSet PLUGINS = CONVERTER.plugins();

    @Test
    void passBenchmarkListsEveryPassOfTheDefaultPipeline() throws NoSuchFieldException {
        List<String> listed = new ArrayList<>(List.of(
                PassBenchmark.class.getField("pass").getAnnotation(Param.class).value()));
        assertThat(listed).contains(PassBenchmark.WHOLE_PIPELINE);
        listed.remove(PassBenchmark.WHOLE_PIPELINE);
        Set<String> pipeline = new LinkedHashSet<>(PLUGINS.passes().pipeline("default").passIds());
        assertThat(listed)
                .as("PassBenchmark's @Param pass must list the distinct passes of the default pipeline; update it")
                .containsExactlyInAnyOrderElementsOf(pipeline);
    }

    @Test
    void syntheticProgramsAreValidAndAtLeastTheRequestedSize() {
        for (SyntheticPrograms.Kind kind : SyntheticPrograms.Kind.values()) {
            Program p = SyntheticPrograms.build(kind, 1000, PLUGINS.ops());
            assertThat(p.main().body().size()).as(kind.name()).isBetween(1000, 1100);
            assertThat(Verifier.verify(p)).as(kind.name()).isEmpty();
        }
    }

    @Test
    void generatedModelsAreValidWithTheirDocumentedWeights() {
        Program mlp = GeneratedModels.build(GeneratedModels.Model.MLP200, PLUGINS.ops());
        assertThat(Verifier.verify(mlp)).isEmpty();
        assertThat(GeneratedModels.weightBytes(mlp)).isEqualTo(200L * (128 * 128 + 128) * 4);
        Program resnet = GeneratedModels.build(GeneratedModels.Model.RESNET, PLUGINS.ops());
        assertThat(Verifier.verify(resnet)).isEmpty();
        assertThat(GeneratedModels.weightBytes(resnet)).isBetween(900_000L, 910_000L);
    }

    @Test
    void conversionBenchmarkCoversBothSourcesAndTargets() throws NoSuchFieldException {
        assertThat(ConversionBenchmark.class.getField("source").getAnnotation(Param.class).value())
                .containsExactly("mil", "onnx");
        assertThat(ConversionBenchmark.class.getField("target").getAnnotation(Param.class).value())
                .containsExactlyInAnyOrder(ConvertOptions.MLPROGRAM, ConvertOptions.NEURALNETWORK);
        Set<String> targets = new LinkedHashSet<>();
        CONVERTER.plugins().backends().forEach(b -> targets.add(b.id()));
        assertThat(targets).contains(ConvertOptions.MLPROGRAM, ConvertOptions.NEURALNETWORK);
    }

    @Test
    void onnxMlpIsAValidOnnxModelOfGemmAndMatMulLayers(@TempDir Path dir) throws IOException {
        Path file = ConversionBenchmark.writeSource(CONVERTER, GeneratedModels.Model.MLP200, "onnx", dir);
        var model = OnnxFrontend.read(file);
        assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(OnnxModels.OPSET);
        assertThat(opCounts(OnnxModels.opTypes(model)))
                .isEqualTo(Map.of("Gemm", 100, "MatMul", 100, "Add", 100, "Relu", 200));
        assertThat(model.getGraph().getInitializerList()).hasSize(400)
                .allSatisfy(t -> assertThat(t.hasRawData()).isTrue());
    }

    @Test
    void onnxMlpConvertsToTheGeneratedLayersAndWeights(@TempDir Path dir) throws IOException {
        Path file = ConversionBenchmark.writeSource(CONVERTER, GeneratedModels.Model.MLP200, "onnx", dir);
        Program generated = GeneratedModels.build(GeneratedModels.Model.MLP200, PLUGINS.ops());
        for (String target : List.of(ConvertOptions.MLPROGRAM, ConvertOptions.NEURALNETWORK)) {
            Program converted = CONVERTER.convert(file, ConversionBenchmark.options(target).build()).program();
            assertThat(computeOpCounts(converted)).as(target).isEqualTo(Map.of("linear", 200, "relu", 200));
            // an ML Program's weights are fp16 (the default precision), a NeuralNetwork model's fp32
            DType dtype = target.equals(ConvertOptions.MLPROGRAM) ? DType.FP16 : DType.FP32;
            assertThat(sortedWeights(converted)).as(target).hasSize(400).isEqualTo(sortedWeights(generated).stream()
                    .map(v -> v.cast(dtype)).sorted(WEIGHT_ORDER).toList());
        }
    }

    @Test
    void onnxResNetConvertsLikeItsMilText(@TempDir Path dir) throws IOException {
        Path onnx = ConversionBenchmark.writeSource(CONVERTER, GeneratedModels.Model.RESNET, "onnx", dir);
        Path mil = ConversionBenchmark.writeSource(CONVERTER, GeneratedModels.Model.RESNET, "mil", dir);
        assertThat(opCounts(OnnxModels.opTypes(OnnxFrontend.read(onnx)))).isEqualTo(
                Map.of("Conv", 25, "BatchNormalization", 24, "Relu", 25, "Add", 12));
        for (String target : List.of(ConvertOptions.MLPROGRAM, ConvertOptions.NEURALNETWORK)) {
            Program fromOnnx = CONVERTER.convert(onnx, ConversionBenchmark.options(target).build()).program();
            Program fromMil = CONVERTER.convert(mil, ConversionBenchmark.options(target).build()).program();
            // batch norms fold into the convolutions
            assertThat(computeOpCounts(fromOnnx)).as(target).isEqualTo(Map.of("conv", 25, "relu", 25, "add", 12))
                    .isEqualTo(computeOpCounts(fromMil));
            assertThat(sortedWeights(fromOnnx)).as(target).hasSize(50).isEqualTo(sortedWeights(fromMil));
        }
    }

    @Test
    void conversionsWriteTheTargetsFiles(@TempDir Path dir) throws IOException {
        Path onnx = ConversionBenchmark.writeSource(CONVERTER, GeneratedModels.Model.RESNET, "onnx", dir);
        for (String target : List.of(ConvertOptions.MLPROGRAM, ConvertOptions.NEURALNETWORK)) {
            Path out = dir.resolve("out" + ConversionBenchmark.outputExtension(target));
            CONVERTER.convert(onnx, ConversionBenchmark.options(target).build()).save(out);
            if (target.equals(ConvertOptions.MLPROGRAM)) {
                Program written = CONVERTER.readBack(out).orElseThrow();
                assertThat(computeOpCounts(written)).isEqualTo(Map.of("conv", 25, "relu", 25, "add", 12));
            } else {
                // the NeuralNetwork model holds the fp32 weights (0.9 MB) in the file
                assertThat(Files.size(out)).isGreaterThan(GeneratedModels.weightBytes(
                        GeneratedModels.build(GeneratedModels.Model.RESNET, PLUGINS.ops())) * 9 / 10);
            }
            ConversionBenchmark.deleteTree(out);
            assertThat(out).doesNotExist();
        }
    }

    /** The count of each op type other than const (and the casts to and from fp16 of an ML Program). */
    private static Map<String, Integer> computeOpCounts(Program p) {
        List<String> types = new ArrayList<>();
        for (Operation op : p.main().body().operations()) {
            if (!op.type().equals("const") && !op.type().equals("cast")) {
                types.add(op.type());
            }
        }
        return opCounts(types);
    }

    private static Map<String, Integer> opCounts(List<String> types) {
        Map<String, Integer> counts = new TreeMap<>();
        types.forEach(t -> counts.merge(t, 1, Integer::sum));
        return counts;
    }

    private static final Comparator<TensorValue> WEIGHT_ORDER = Comparator
            .comparing((TensorValue v) -> v.shape().toString()).thenComparingInt(TensorValue::hashCode)
            .thenComparingDouble(v -> v.getDouble(0));

    /** The fp16 and fp32 constants of rank 1 or more (weights and biases), in a fixed order. */
    private static List<TensorValue> sortedWeights(Program p) {
        List<TensorValue> weights = new ArrayList<>();
        for (Operation op : p.main().body().operations()) {
            op.output().value().filter(v -> op.type().equals("const") && !v.isScalar()
                    && (v.dtype() == DType.FP32 || v.dtype() == DType.FP16)).ifPresent(weights::add);
        }
        weights.sort(WEIGHT_ORDER);
        return weights;
    }
}
