package dev.mil4j.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.WeightParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReadsBack() throws IOException {
        Model model = ModelFiles.readModel(Fixtures.coremltools().resolve("small_cnn.mlmodel"));
        Path file = dir.resolve("copy.mlmodel");
        ModelFiles.writeModel(model, file);
        assertThat(ModelFiles.readModel(file)).isEqualTo(model);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void truncatedModelIsReportedWithItsName() throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.coremltools().resolve("mlp.mlmodel"));
        Path file = dir.resolve("truncated.mlmodel");
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> ModelFiles.readModel(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining("not a valid Core ML model")
                .hasMessageContaining("truncated")
                .satisfies(e -> assertThat(((ModelFormatException) e).file()).isEqualTo(file));
    }

    @Test
    void tooLargeModelIsRefusedBeforeReading() throws IOException {
        Path file = dir.resolve("big.mlmodel");
        Files.write(file, new byte[2048]);
        assertThatThrownBy(() -> ModelFiles.readModel(file, 1024)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("2048 bytes, more than the limit of 1024");
    }

    @Test
    void directoryIsNotAModelFile() {
        Path pkg = Fixtures.coremltools().resolve("mlp.mlpackage");
        assertThatThrownBy(() -> ModelFiles.readModel(pkg)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("MlPackage.read");
    }

    @Test
    void aFailedWriteLeavesNoFile() {
        Path target = dir.resolve("missing-dir").resolve("out.mlmodel");
        assertThatThrownBy(() -> ModelFiles.writeModel(Model.getDefaultInstance(), target))
                .isInstanceOf(IOException.class);
        assertThat(dir).isEmptyDirectory();
    }

    static Stream<Path> neuralNetworkFiles() throws IOException {
        List<Path> files = Fixtures.allModelFiles().stream().filter(f -> {
            try {
                return ModelFiles.readModel(f).hasNeuralNetwork();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
        assertThat(files).hasSizeGreaterThanOrEqualTo(5);
        return files.stream();
    }

    /** A coremltools model written with its layers streamed comes out byte for byte as coremltools wrote it. */
    @ParameterizedTest
    @MethodSource("neuralNetworkFiles")
    void streamedLayersWriteTheSameBytes(Path fixture) throws IOException {
        Model model = ModelFiles.readModel(fixture);
        List<NeuralNetworkLayer> layers = model.getNeuralNetwork().getLayersList();
        Model withoutLayers = model.toBuilder().setNeuralNetwork(model.getNeuralNetwork().toBuilder().clearLayers())
                .build();
        int[] calls = {0};
        Path file = dir.resolve("streamed.mlmodel");
        List<long[]> progress = new java.util.ArrayList<>();
        ModelFiles.writeModel(sink -> {
            calls[0]++;
            layers.forEach(sink);
            return withoutLayers;
        }, file, (done, total) -> progress.add(new long[] {done, total}));
        assertThat(calls[0]).isEqualTo(2);
        assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(fixture));
        // bytes written of total after each layer, then all of them
        long size = Files.size(fixture);
        assertThat(progress).hasSize(layers.size() + 1).allSatisfy(p -> assertThat(p[1]).isEqualTo(size));
        assertThat(progress).extracting(p -> p[0]).isSorted().last().isEqualTo(size);
    }

    @Test
    void aLayerSourceThatChangesLeavesNoFile() throws IOException {
        Model model = ModelFiles.readModel(Fixtures.coremltools().resolve("mlp.mlmodel"));
        List<NeuralNetworkLayer> layers = model.getNeuralNetwork().getLayersList();
        Model withoutLayers = model.toBuilder().setNeuralNetwork(model.getNeuralNetwork().toBuilder().clearLayers())
                .build();
        int[] calls = {0};
        Path file = dir.resolve("changing.mlmodel");
        assertThatThrownBy(() -> ModelFiles.writeModel(sink -> {
            calls[0]++;
            layers.subList(0, calls[0] == 1 ? layers.size() : layers.size() - 1).forEach(sink);
            return withoutLayers;
        }, file)).isInstanceOf(IllegalStateException.class).hasMessageContaining("same each time");
        assertThat(dir).isEmptyDirectory();
        // the same layers in a model that changed (another specification version) are refused too
        calls[0] = 0;
        assertThatThrownBy(() -> ModelFiles.writeModel(sink -> {
            calls[0]++;
            layers.forEach(sink);
            return calls[0] == 1 ? withoutLayers : withoutLayers.toBuilder().setSpecificationVersion(
                    withoutLayers.getSpecificationVersion() + 1).build();
        }, file)).isInstanceOf(IllegalStateException.class).hasMessageContaining("another model");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aModelTooLargeForProtobufIsRefusedBeforeWriting() {
        // 1 GiB of weights that share one 1 MiB array: three such layers are more than a .mlmodel can hold
        ByteString gib = ByteString.copyFrom(new byte[1 << 20]);
        for (int i = 0; i < 10; i++) {
            gib = gib.concat(gib);
        }
        NeuralNetworkLayer big = NeuralNetworkLayer.newBuilder().setName("big").setLoadConstantND(
                dev.mil4j.spec.proto.LoadConstantNDLayerParams.newBuilder().setData(WeightParams.newBuilder()
                        .setFloat16Value(gib))).build();
        Model model = Model.newBuilder().setSpecificationVersion(4).setNeuralNetwork(
                dev.mil4j.spec.proto.NeuralNetwork.getDefaultInstance()).build();
        Path file = dir.resolve("huge.mlmodel");
        assertThatThrownBy(() -> ModelFiles.writeModel(sink -> {
            for (int i = 0; i < 3; i++) {
                sink.accept(big);
            }
            return model;
        }, file)).isInstanceOf(ModelFormatException.class).hasMessageContaining("more than a .mlmodel can hold")
                .hasMessageContaining("ML Program");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void streamingNeedsANetworkWithoutLayers() throws IOException {
        Model model = ModelFiles.readModel(Fixtures.coremltools().resolve("mlp.mlmodel"));
        assertThatThrownBy(() -> ModelFiles.writeModel(sink -> model, dir.resolve("x.mlmodel")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without layers");
        assertThatThrownBy(() -> ModelFiles.writeModel(sink -> Model.getDefaultInstance(),
                dir.resolve("x.mlmodel"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(dir).isEmptyDirectory();
    }
}
