package dev.mil4j.frontend.pytorch.archive;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mil4j.core.testing.FuzzInputs;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the restricted unpickler on its own ({@link Unpickler#load}, persistent ids loaded as themselves): any bytes
 * unpickle or are refused with a {@link PickleException}. Corpus: {@code UnpicklerFuzzTestInputs/load}, seeded with
 * the {@code data.pkl} and {@code constants.pkl} of the repository's TorchScript models.
 */
class UnpicklerFuzzTest {
    @Timeout(30)
    @FuzzTest(maxDuration = "10m")
    void load(byte[] pickle) {
        FuzzInputs.check(() -> Unpickler.load(pickle, "data.pkl", pid -> pid), PickleException.class);
    }
}
