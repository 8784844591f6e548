package dev.mil4j.frontend.tensorflow;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.diag.ConversionException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A device given as a frozen graph is refused before reading (issue 22: {@code /dev/zero} reported 0 bytes, passed
 * the size check and was read toward 2 GiB until the heap ran out).
 */
class TfHostileFilesTest {
    @Test
    void aDeviceIsNotReadAsAGraph() {
        Path device = Path.of("/dev/zero");
        assumeTrue(Files.exists(device), "a system with /dev/zero");
        Converter converter = Converter.builder().plugin(new TfFrontendPlugin()).build();
        assertThatThrownBy(() -> converter.load(device, ConvertOptions.builder().framework("tensorflow").build()))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("TensorFlow model /dev/zero is not a regular file");
    }
}
