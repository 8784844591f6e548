package dev.mil4j.spec.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReplacesAFile() throws IOException {
        Path target = dir.resolve("out.bin");
        AtomicFiles.writeFile(target, out -> out.write(new byte[] {1, 2}));
        AtomicFiles.writeFile(target, out -> out.write(new byte[] {3}));
        assertThat(target).hasBinaryContent(new byte[] {3});
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path target = dir.resolve("out.bin");
        AtomicFiles.writeFile(target, out -> out.write(7));
        assertThatThrownBy(() -> AtomicFiles.writeFile(target, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(target).hasBinaryContent(new byte[] {7});
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void onlyAResultThatReplacesSomethingIsForcedToDisk() throws IOException {
        Path target = dir.resolve("out.bin");
        assertThat(AtomicFiles.mustForce(target)).as("a new name").isFalse();
        AtomicFiles.writeFile(target, out -> out.write(1));
        assertThat(AtomicFiles.mustForce(target)).as("a file to replace").isTrue();
        Path pkg = Files.createDirectory(dir.resolve("model.mlpackage"));
        assertThat(AtomicFiles.mustForce(pkg)).as("a package to replace").isTrue();
        AtomicFiles.force(target);
        assertThat(target).hasBinaryContent(new byte[] {1});
        assertThatThrownBy(() -> AtomicFiles.force(dir.resolve("absent.bin"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aFileInATemporaryDirectoryIsCreatedWithThePermissionsOfAFileWrittenInPlace() throws IOException {
        Path file = dir.resolve("model.mlmodel");
        try (var channel = AtomicFiles.createInTemporary(file)) {
            AtomicFiles.writeFully(channel, java.nio.ByteBuffer.wrap(new byte[] {4, 5}));
        }
        assertThat(file).hasBinaryContent(new byte[] {4, 5});
        if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        }
        assertThatThrownBy(() -> AtomicFiles.createInTemporary(file))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }

    @Test
    void aMissingDirectoryIsReported() {
        assertThatThrownBy(() -> AtomicFiles.writeFile(dir.resolve("no/such/dir/out.bin"), out -> out.write(1)))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("does not exist");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void writtenFilesAndPackagesAreReadableByOthersNotOnlyTheOwnerOfTheTemporary() throws IOException {
        Path file = dir.resolve("model.mlmodel");
        AtomicFiles.writeFile(file, out -> out.write(1));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");

        Path pkg = dir.resolve("model.mlpackage");
        Path temp = AtomicFiles.createTempSiblingDirectory(pkg);
        Files.writeString(temp.resolve("Manifest.json"), "{}");
        AtomicFiles.moveIntoPlace(temp, pkg);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pkg))).isEqualTo("rwxr-xr-x");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aReplacedFileKeepsItsPermissions() throws IOException {
        Path file = dir.resolve("model.mlmodel");
        AtomicFiles.writeFile(file, out -> out.write(1));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.writeFile(file, out -> out.write(2));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-rw----");
    }
}
