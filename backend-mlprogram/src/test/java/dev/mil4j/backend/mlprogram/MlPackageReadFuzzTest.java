package dev.mil4j.backend.mlprogram;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.testing.FuzzInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes reading an {@code .mlpackage} back into MIL (what {@code mil4j run} and {@code optimize} do with one): the
 * manifest, the MIL program protobuf and the weight file its blob values point into are the three parts of an input
 * ({@link FuzzInputs#split}). Every failure must be a {@link ConversionException}. Corpus:
 * {@code MlPackageReadFuzzTestInputs/readBack}, seeded with ML Program packages of the repository's test data.
 */
class MlPackageReadFuzzTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new MlProgramBackendPlugin()).build();

    @Timeout(30)
    @FuzzTest(maxDuration = "10m")
    void readBack(byte[] data) {
        byte[][] parts = FuzzInputs.split(data, 3);
        FuzzInputs.check(dir -> {
            Path pkg = dir.resolve("model.mlpackage");
            Path model = pkg.resolve("Data/com.apple.CoreML/model.mlmodel");
            Files.createDirectories(model.resolveSibling("weights"));
            Files.write(pkg.resolve("Manifest.json"), parts[0]);
            Files.write(model, parts[1]);
            Files.write(model.resolveSibling("weights").resolve("weight.bin"), parts[2]);
        }, dir -> CONVERTER.readBack(dir.resolve("model.mlpackage")), ConversionException.class);
    }
}
