package dev.mil4j.converter;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.diag.ConversionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MIL text found by fuzzing and hostile testing (issue 22) is refused with a diagnostic; each input is also an entry
 * of the fuzz corpus ({@code MilTextFuzzTestInputs/load}).
 */
class MilTextHostileInputTest {
    private static final Converter CONVERTER = Converter.builder().build();

    @TempDir
    Path dir;

    private Path corpusEntry(String name) throws IOException {
        Path copy = dir.resolve(name + ".mil");
        try (var in = getClass().getResourceAsStream("MilTextFuzzTestInputs/load/" + name)) {
            Files.copy(in, copy);
        }
        return copy;
    }

    @Test
    void aNegativeLocationLineIsASyntaxError() throws IOException {
        Path model = corpusEntry("negative_location_line");
        assertThatThrownBy(() -> CONVERTER.load(model, ConvertOptions.builder().build()))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("line 3:").hasMessageContaining("a location's line number is -3");
    }

    @Test
    void aReshapeOfDimsWhoseProductOverflowsIsATypeError() throws IOException {
        Path model = corpusEntry("reshape_of_a_dim_of_2_63");
        assertThatThrownBy(() -> CONVERTER.load(model, ConvertOptions.builder().build()))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("reshape").hasMessageContaining("whose product overflows 64 bits");
    }
}
