package dev.mil4j.converter;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.core.testing.FuzzInputs;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the command-line form of an input ({@code --input NAME:DIMS[:DTYPE]}, {@link InputType#parse}): any text
 * parses or is refused with the {@link IllegalArgumentException} the CLI shows as a usage error. Corpus:
 * {@code InputTypeFuzzTestInputs/parse}.
 */
class InputTypeFuzzTest {
    @Timeout(30)
    @FuzzTest(maxDuration = "10m")
    void parse(byte[] text) {
        String option = new String(text, StandardCharsets.UTF_8);
        FuzzInputs.check(() -> InputType.parse(option), IllegalArgumentException.class);
    }
}
