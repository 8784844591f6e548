package dev.mil4j.spec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mil4j.core.testing.FuzzInputs;
import dev.mil4j.spec.blob.Blob;
import dev.mil4j.spec.blob.BlobFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@code .mlpackage} reading: the manifest, the model specification and every blob of the weight file, each
 * a part of the input ({@link FuzzInputs#split}: {@code Manifest.json}, {@code model.mlmodel}, {@code weight.bin}).
 * Every failure must be a {@link ModelFormatException}. Corpus: {@code MlPackageFuzzTestInputs/read}, seeded with ML Program packages of the repository's test data.
 */
class MlPackageFuzzTest {
    @Timeout(30)
    @FuzzTest(maxDuration = "10m")
    void read(byte[] data) {
        byte[][] parts = FuzzInputs.split(data, 3);
        FuzzInputs.check(dir -> {
            Path pkg = dir.resolve("model.mlpackage");
            Path model = pkg.resolve(MlPackage.DATA_DIRECTORY).resolve(Manifest.MODEL_PATH);
            Path weights = model.resolveSibling("weights");
            Files.createDirectories(weights);
            Files.write(pkg.resolve(MlPackage.MANIFEST_FILE), parts[0]);
            Files.write(model, parts[1]);
            Files.write(weights.resolve("weight.bin"), parts[2]);
        }, dir -> {
            MlPackage pkg = MlPackage.read(dir.resolve("model.mlpackage"));
            if (pkg.weightsDirectory().isPresent()) {
                try (BlobFile blobs = pkg.openBlobFile(MlPackageWriter.WEIGHT_FILE)) {
                    for (Blob b : blobs.blobs()) {
                        blobs.data(b);
                    }
                }
            }
        }, ModelFormatException.class);
    }
}
