package dev.mil4j.spec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mil4j.spec.proto.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs found by fuzzing and hostile testing (issue 22), each refused with a {@link ModelFormatException}. */
class HostileFilesTest {
    @TempDir
    Path dir;

    @Test
    void aManifestItemPathWithANulIsRefusedAndShownEscaped() throws IOException {
        Path pkg = dir.resolve("nul.mlpackage");
        Files.createDirectories(pkg);
        String manifest = Manifest.createDefault().toJson().replace(Manifest.MODEL_PATH,
                "com.apple.CoreML/model\\u0000.mlmodel");
        Files.writeString(pkg.resolve(MlPackage.MANIFEST_FILE), manifest);
        assertThatThrownBy(() -> MlPackage.read(pkg)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("Manifest.json").hasMessageContaining("model\\u0000.mlmodel")
                .hasMessageContaining("has a control character");
    }

    @Test
    void aWeightFileNameWithAControlCharacterIsRefused() throws IOException {
        Path pkg = dir.resolve("m.mlpackage");
        try (MlPackageWriter w = MlPackageWriter.create(pkg)) {
            w.finish(Model.newBuilder().setSpecificationVersion(7).build());
        }
        MlPackage read = MlPackage.read(pkg);
        assertThatThrownBy(() -> read.resolveBlobFile("@model_path/weights/weight\u0000.bin"))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("weight\\u0000.bin")
                .hasMessageContaining("has a control character");
        assertThatThrownBy(() -> read.openBlobFile("@model_path/weights/\nweight.bin"))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("\\u000a");
    }

    @Test
    void anEmptyModelFileIsRefused() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.mlmodel"));
        assertThatThrownBy(() -> ModelFiles.readModel(empty)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("is empty (0 bytes), not a Core ML model");
    }

    @Test
    void aDeviceIsRefusedBeforeReading() {
        Path device = Path.of("/dev/urandom");
        assumeTrue(Files.exists(device), "a system with /dev/urandom");
        assertThatThrownBy(() -> ModelFiles.readModel(device)).isInstanceOf(ModelFormatException.class)
                .hasMessage(device + ": is not a regular file (a device, pipe or other special file); give a"
                        + " .mlmodel file");
        assertThatThrownBy(() -> Manifest.read(Path.of("/dev/zero"))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("is not a regular file");
    }
}
