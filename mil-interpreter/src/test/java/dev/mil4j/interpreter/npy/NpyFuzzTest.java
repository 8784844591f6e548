package dev.mil4j.interpreter.npy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mil4j.core.testing.FuzzInputs;
import java.nio.file.Files;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@code .npy} reading ({@link Npy#read}): any bytes read as a tensor or are refused with an
 * {@link NpyFormatException}. Corpus: {@code NpyFuzzTestInputs/read}, seeded with the repository's test inputs.
 */
class NpyFuzzTest {
    @Timeout(30)
    @FuzzTest(maxDuration = "10m")
    void read(byte[] bytes) {
        FuzzInputs.check(dir -> Files.write(dir.resolve("x.npy"), bytes), dir -> Npy.read(dir.resolve("x.npy")),
                NpyFormatException.class);
    }
}
