package dev.mil4j.spec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mil4j.core.testing.FuzzInputs;
import java.nio.file.Files;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@code .mlmodel} reading ({@link ModelFiles#readModel}): any bytes read as a model or are refused with a
 * {@link ModelFormatException}. Corpus: {@code MlModelFuzzTestInputs/read}, seeded with NeuralNetwork models of the
 * repository's test data.
 */
class MlModelFuzzTest {
    @Timeout(30)
    @FuzzTest(maxDuration = "10m")
    void read(byte[] bytes) {
        FuzzInputs.check(dir -> Files.write(dir.resolve("model.mlmodel"), bytes),
                dir -> ModelFiles.readModel(dir.resolve("model.mlmodel")), ModelFormatException.class);
    }
}
