package dev.mil4j.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSetTest {
    @TempDir
    Path dir;

    @Test
    void expandsFilesSavedModelsAndFoldersByTheirIncludes() throws Exception {
        Path a = touch("a.onnx");
        touch("nets/b.onnx");
        touch("nets/c.pt");
        touch("nets/notes.txt");
        touch("saved/saved_model.pb");
        List<Path> models = ModelSet.expand(List.of(a.toFile(), dir.resolve("nets").toFile(),
                dir.resolve("saved").toFile()), null);
        assertThat(models).containsExactly(a, dir.resolve("nets/b.onnx"), dir.resolve("nets/c.pt"),
                dir.resolve("saved"));
        assertThat(ModelSet.expand(List.of(dir.toFile()), List.of("**/*.pt")))
                .containsExactly(dir.resolve("nets/c.pt"));
    }

    @Test
    void namesTheEntryThatDoesNotExistOrMatchesNothing() throws Exception {
        assertThatThrownBy(() -> ModelSet.expand(List.of(dir.resolve("missing.onnx").toFile()), null))
                .isInstanceOf(MojoFailureException.class).hasMessageContaining("missing.onnx does not exist");
        touch("notes.txt");
        assertThatThrownBy(() -> ModelSet.expand(List.of(dir.toFile()), List.of("*.onnx")))
                .isInstanceOf(MojoFailureException.class).hasMessageContaining("matches the <includes> [*.onnx]");
        assertThatThrownBy(() -> ModelSet.expand(List.<File>of(), null))
                .isInstanceOf(MojoFailureException.class).hasMessageContaining("<models>");
    }

    @Test
    void refusesTwoModelsWithOneOutputName() throws Exception {
        Path onnx = touch("net.onnx");
        Path pt = touch("net.pt");
        assertThatThrownBy(() -> ModelSet.expand(List.of(onnx.toFile(), pt.toFile()), null))
                .isInstanceOf(MojoFailureException.class).hasMessageContaining("would both be written as net");
        assertThat(ModelSet.expand(List.of(onnx.toFile(), onnx.toFile()), null)).containsExactly(onnx);
    }

    private Path touch(String relative) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, relative);
    }
}
