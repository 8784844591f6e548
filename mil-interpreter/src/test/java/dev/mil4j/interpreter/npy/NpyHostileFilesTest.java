package dev.mil4j.interpreter.npy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not regular files are refused before reading (a device reports 0 bytes and never ends). */
class NpyHostileFilesTest {
    @TempDir
    Path dir;

    @Test
    void devicesAndDirectoriesAreRefused() {
        assertThatThrownBy(() -> Npy.read(dir)).isInstanceOf(NpyFormatException.class)
                .hasMessageContaining("is not a regular file");
        Path device = Path.of("/dev/zero");
        assumeTrue(Files.exists(device), "a system with /dev/zero");
        assertThatThrownBy(() -> Npy.read(device)).isInstanceOf(NpyFormatException.class)
                .hasMessageContaining("/dev/zero").hasMessageContaining("is not a regular file");
    }
}
