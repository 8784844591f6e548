package dev.mil4j.converter;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.testing.FuzzInputs;
import java.nio.file.Files;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the MIL text frontend (lexer, parser, type inference of every op, the frontend's cleanup): any text either
 * loads or is refused with a {@link ConversionException}. Corpus: {@code MilTextFuzzTestInputs/load}, seeded with
 * the repository's golden MIL programs.
 */
class MilTextFuzzTest {
    private static final Converter CONVERTER = Converter.builder().build();

    @Timeout(30)
    @FuzzTest(maxDuration = "10m")
    void load(byte[] text) {
        FuzzInputs.check(dir -> Files.write(dir.resolve("model.mil"), text),
                dir -> CONVERTER.load(dir.resolve("model.mil"), ConvertOptions.builder().build()),
                ConversionException.class);
    }
}
