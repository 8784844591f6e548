package dev.mil4j.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.spec.blob.Blob;
import dev.mil4j.spec.blob.BlobDataType;
import dev.mil4j.spec.blob.BlobFile;
import dev.mil4j.spec.blob.BlobFileWriter;
import dev.mil4j.spec.proto.Model;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MlPackageTest {
    @TempDir
    Path dir;

    static Stream<Path> packages() {
        return Fixtures.allPackages().stream();
    }

    @ParameterizedTest
    @MethodSource("packages")
    void copiesOfFixturePackagesAreIdentical(Path fixture) throws IOException {
        MlPackage original = MlPackage.read(fixture);
        assertThat(original.manifest().rootModel().path()).isEqualTo(Manifest.MODEL_PATH);
        Path copy = dir.resolve(fixture.getFileName());

        try (MlPackageWriter writer = MlPackageWriter.create(copy)) {
            Optional<Path> weights = original.weightsDirectory();
            if (weights.isPresent()) {
                try (BlobFile blobs = BlobFile.open(weights.get().resolve("weight.bin"))) {
                    for (Blob blob : blobs.blobs()) {
                        long offset = writer.weights().write(blob.dataType(), blobs.data(blob));
                        assertThat(offset).as("same layout as coremltools").isEqualTo(blob.metadataOffset());
                    }
                }
            }
            writer.finish(original.model(), original.manifest());
        }

        MlPackage read = MlPackage.read(copy);
        assertThat(read.manifest()).isEqualTo(original.manifest());
        assertThat(read.model()).isEqualTo(original.model());
        assertSameBytes(copy, fixture, MlPackage.MANIFEST_FILE);
        assertSameBytes(copy, fixture, "Data/com.apple.CoreML/model.mlmodel");
        if (original.weightsDirectory().isPresent()) {
            assertSameBytes(copy, fixture, "Data/com.apple.CoreML/weights/weight.bin");
        }
        assertThat(copy.resolve("Data/com.apple.CoreML/weights")).isDirectory();
        assertThat(dir).isDirectoryContaining(p -> p.equals(copy));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary sibling left").containsExactly(copy);
        }
    }

    private static void assertSameBytes(Path copy, Path fixture, String relative) throws IOException {
        assertThat(Files.readAllBytes(copy.resolve(relative))).as(relative)
                .isEqualTo(Files.readAllBytes(fixture.resolve(relative)));
    }

    @Test
    void newPackageHasADefaultManifestAndItsWeights() throws IOException {
        Path target = dir.resolve("new.mlpackage");
        Model model = Model.newBuilder().setSpecificationVersion(6).build();
        long offset;
        try (MlPackageWriter writer = MlPackageWriter.create(target)) {
            offset = writer.weights().write(BlobDataType.FLOAT32, ByteBuffer.allocate(12));
            writer.finish(model);
        }
        MlPackage pkg = MlPackage.read(target);
        assertThat(pkg.model()).isEqualTo(model);
        assertThat(pkg.manifest().itemInfoEntries()).hasSize(2);
        assertThat(pkg.manifest().rootModel().description()).isEqualTo(Manifest.MODEL_DESCRIPTION);
        try (BlobFile blobs = pkg.openBlobFile(MlPackageWriter.WEIGHT_FILE)) {
            assertThat(blobs.blob(offset).sizeInBytes()).isEqualTo(12);
        }
    }

    @Test
    void finishingReplacesAnExistingPackage() throws IOException {
        Path target = dir.resolve("model.mlpackage");
        for (int version = 5; version <= 6; version++) {
            try (MlPackageWriter writer = MlPackageWriter.create(target)) {
                writer.finish(Model.newBuilder().setSpecificationVersion(version).build());
            }
        }
        assertThat(MlPackage.read(target).model().getSpecificationVersion()).isEqualTo(6);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aFailedWriteLeavesNothingBehind() throws IOException {
        Path target = dir.resolve("broken.mlpackage");
        assertThatThrownBy(() -> {
            try (MlPackageWriter writer = MlPackageWriter.create(target)) {
                BlobFileWriter weights = writer.weights();
                weights.write(BlobDataType.FLOAT16, ByteBuffer.allocate(64));
                throw new IOException("conversion failed half way");
            }
        }).hasMessage("conversion failed half way");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void anExistingPackageSurvivesAFailedWrite() throws IOException {
        Path target = dir.resolve("model.mlpackage");
        try (MlPackageWriter writer = MlPackageWriter.create(target)) {
            writer.finish(Model.newBuilder().setSpecificationVersion(6).build());
        }
        try (MlPackageWriter writer = MlPackageWriter.create(target)) {
            writer.weights().write(BlobDataType.INT8, ByteBuffer.allocate(3));
        }
        assertThat(MlPackage.read(target).model().getSpecificationVersion()).isEqualTo(6);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void rejectsMalformedPackages() throws IOException {
        Path pkg = dir.resolve("bad.mlpackage");
        assertThatThrownBy(() -> MlPackage.read(pkg)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("does not exist");
        Files.createDirectories(pkg);
        assertThatThrownBy(() -> MlPackage.read(pkg)).hasMessageContaining("has no Manifest.json");

        String escaping = Manifest.createDefault().toJson().replace(Manifest.MODEL_PATH, "../../etc/passwd");
        Files.writeString(pkg.resolve("Manifest.json"), escaping);
        assertThatThrownBy(() -> MlPackage.read(pkg)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("Manifest.json").hasMessageContaining("inside the package");

        Files.writeString(pkg.resolve("Manifest.json"), Manifest.createDefault().toJson());
        assertThatThrownBy(() -> MlPackage.read(pkg)).hasMessageContaining("root model")
                .hasMessageContaining("does not exist");

        Path modelFile = pkg.resolve("Data").resolve(Manifest.MODEL_PATH);
        Files.createDirectories(modelFile.getParent());
        Files.write(modelFile, "not a model".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> MlPackage.read(pkg)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(modelFile.toString()).hasMessageContaining("not a valid Core ML model");

        ModelFiles.writeModel(Model.newBuilder().setSpecificationVersion(6).build(), modelFile);
        MlPackage read = MlPackage.read(pkg);
        assertThat(read.weightsDirectory()).isEmpty();
        assertThatThrownBy(() -> read.openBlobFile(MlPackageWriter.WEIGHT_FILE))
                .hasMessageContaining("does not exist in the package");
        assertThatThrownBy(() -> read.resolveBlobFile("weights/weight.bin")).hasMessageContaining("@model_path/");
        assertThatThrownBy(() -> read.resolveBlobFile("@model_path/../../x")).hasMessageContaining("'..'");
    }
}
