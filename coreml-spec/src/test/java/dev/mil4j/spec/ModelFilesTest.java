package dev.mil4j.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.spec.proto.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
