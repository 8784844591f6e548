package dev.mil4j.spec.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed rename says why: a file-system exception's own message is often only "A -> B" (issue 22: a package save
 * whose temporary name another writer held said "cannot write A: A -> B").
 */
class AtomicFilesCauseTest {
    @TempDir
    Path dir;

    @Test
    void exceptionsWithoutAReasonAreNamedInWords() {
        Path to = Path.of("out.mlpackage");
        assertThat(AtomicFiles.cause(new FileAlreadyExistsException("tmp", "out.mlpackage", null), to))
                .isEqualTo("out.mlpackage already exists (another writer may be using the name at the same time)");
        assertThat(AtomicFiles.cause(new NoSuchFileException("tmp", "out.mlpackage", null), to))
                .isEqualTo("the file is gone (another writer may have moved or deleted it)");
        assertThat(AtomicFiles.cause(new FileSystemException("tmp", "out.mlpackage", "Read-only file system"), to))
                .isEqualTo("Read-only file system");
        assertThat(AtomicFiles.cause(new IOException("disk on fire"), to)).isEqualTo("IOException (disk on fire)");
    }

    @Test
    void aRenameThatFailsNamesTheCause() throws IOException {
        Path temp = Files.writeString(dir.resolve("temp"), "x");
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.writeString(target.resolve("inside"), "y");
        assertThatThrownBy(() -> AtomicFiles.moveIntoPlace(temp, target))
                .hasMessageStartingWith("cannot rename " + temp + " to " + target + " atomically: ")
                .hasMessageNotContaining(temp + " -> " + target);
    }
}
