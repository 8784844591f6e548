package dev.mil4j.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpToDateTest {
    @TempDir
    Path dir;

    @Test
    void keepsAnOutputNewerThanItsModelWrittenWithTheSameOptions() throws IOException {
        Path model = file("m.onnx", 1_000);
        Path output = file("out/m.mlpackage/Manifest.json", 2_000).getParent();
        file("out/m.mlpackage/Data/weights.bin", 3_000);
        UpToDate upToDate = new UpToDate(dir.resolve("state"));
        assertThat(upToDate.check(model, output, "fp16")).as("no stamp yet").isFalse();
        upToDate.record(output, "fp16");
        assertThat(upToDate.check(model, output, "fp16")).isTrue();
        assertThat(upToDate.check(model, output, "fp32")).as("other options").isFalse();
        Files.setLastModifiedTime(model, FileTime.fromMillis(2_500));
        assertThat(upToDate.check(model, output, "fp16")).as("model newer than an output file").isFalse();
    }

    @Test
    void convertsAgainWhenTheOutputIsGoneOrForgotten() throws IOException {
        Path model = file("m.onnx", 1_000);
        Path output = file("out/m.mlmodel", 2_000);
        UpToDate upToDate = new UpToDate(dir.resolve("state"));
        upToDate.record(output, "s");
        upToDate.forget(output);
        assertThat(upToDate.check(model, output, "s")).isFalse();
        upToDate.record(output, "s");
        Files.delete(output);
        assertThat(upToDate.check(model, output, "s")).isFalse();
    }

    private Path file(String relative, long millis) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, relative);
        Files.setLastModifiedTime(p, FileTime.fromMillis(millis));
        return p;
    }
}
