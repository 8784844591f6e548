package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.diag.ConversionException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not regular files are refused before reading, whether the framework was detected or forced
 * (issue 22: {@code --framework onnx} on a directory showed {@code java.io.IOException: Is a directory}).
 */
class OnnxHostileFilesTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new OnnxFrontendPlugin()).build();
    private static final ConvertOptions ONNX = ConvertOptions.builder().framework("onnx").build();

    @TempDir
    Path dir;

    @Test
    void aDirectoryIsNotReadAsAModel() {
        assertThatThrownBy(() -> CONVERTER.load(dir, ONNX)).isInstanceOf(ConversionException.class)
                .hasMessageContaining("ONNX model " + dir + " is not a regular file (it is a directory)")
                .hasMessageNotContaining("IOException");
    }

    @Test
    void aDeviceIsNotReadAsAModel() {
        Path device = Path.of("/dev/zero");
        assumeTrue(Files.exists(device), "a system with /dev/zero");
        assertThatThrownBy(() -> CONVERTER.load(device, ONNX)).isInstanceOf(ConversionException.class)
                .hasMessageContaining("is not a regular file (a device, pipe or other special file)");
    }
}
