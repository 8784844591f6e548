package dev.mil4j.spec.internal;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writing files and directories so that readers never see a half-written result: everything is written to a
 * temporary sibling (same directory, hence same file system) and then renamed into place. The rename alone makes a
 * write atomic against errors and kills (the page cache outlives the process). Against a crash of the machine, a
 * result that replaces an existing file or package is forced to disk before its rename ({@link #mustForce}), so
 * the crash never loses both the old and the new; a result under a new name is not forced (as coremltools, which
 * forces nothing): a crash soon after writing it may lose it or leave it incomplete, and the conversion makes it
 * again.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the content of a file. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out where to write; must not be closed by the callee
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes a file atomically: to a temporary sibling first (forced to disk when it replaces a file:
     * {@link #mustForce}), then renamed over {@code target}. On failure the temporary file is deleted and
     * {@code target} is left as it was.
     *
     * @param target the file to create or replace
     * @param content writes the bytes
     * @throws IOException if writing or renaming fails
     */
    public static void writeFile(Path target, Content content) throws IOException {
        requireNonNull(target, "target is null");
        requireNonNull(content, "content is null");
        Path temp = createTempSibling(target);
        boolean done = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(new NonClosingOutputStream(out));
                out.flush();
                if (mustForce(target)) {
                    channel.force(true);
                }
            }
            moveIntoPlace(temp, target);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Whether what is written for {@code target} must be forced to disk before it is renamed into place: when the
     * rename replaces something, which a crash of the machine must not lose together with the new result (see the
     * class comment).
     *
     * @param target the final name
     * @return whether {@code target} exists
     */
    public static boolean mustForce(Path target) {
        return Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Forces a file's bytes to disk.
     *
     * @param file a file, closed or open
     * @throws IOException if it cannot be opened or forced
     */
    public static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /**
     * Creates a file inside a temporary directory that {@link #moveIntoPlace} will publish, so the file needs no
     * temporary sibling of its own; it gets the permissions of a file written in place. The caller writes it, forces
     * it to disk and closes it before the directory is moved.
     *
     * @param file the new file; it must not exist
     * @return the file, open for writing
     * @throws IOException if the file cannot be created
     */
    public static FileChannel createInTemporary(Path file) throws IOException {
        requireNonNull(file, "file is null");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view != null) {
                view.setPermissions(FILE_PERMISSIONS);
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Writes all of a buffer's remaining bytes at the channel's position.
     *
     * @param channel where to write
     * @param bytes what to write (position to limit; the position moves to the limit)
     * @throws IOException if writing fails
     */
    public static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /**
     * Creates an empty temporary file next to {@code target}, named after it and starting with a dot.
     *
     * @param target the file the temporary file will later replace
     * @return the temporary file
     * @throws IOException if the directory of {@code target} does not exist or is not writable
     */
    public static Path createTempSibling(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        return Files.createTempFile(parentOf(absolute), "." + absolute.getFileName() + ".", ".tmp");
    }

    /**
     * Creates an empty temporary directory next to {@code target}, named after it and starting with a dot.
     *
     * @param target the directory the temporary directory will later replace
     * @return the temporary directory
     * @throws IOException if the parent of {@code target} does not exist or is not writable
     */
    public static Path createTempSiblingDirectory(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        return Files.createTempDirectory(parentOf(absolute), "." + absolute.getFileName() + ".");
    }

    private static Path parentOf(Path absolute) throws IOException {
        Path parent = absolute.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new NoSuchFileException(String.valueOf(parent), null,
                    "the directory to write " + absolute.getFileName() + " into does not exist; create it first");
        }
        return parent;
    }

    /**
     * Renames a fully written temporary file or directory to {@code target}. A file replaces an existing file
     * atomically. A directory replaces an existing directory by moving the old one aside first, then deleting it;
     * if the second rename fails the old directory is put back.
     *
     * @param temp the finished temporary sibling
     * @param target the final name
     * @throws IOException if renaming fails
     */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        publishPermissions(temp, target);
        if (!Files.isDirectory(temp) || !Files.exists(target)) {
            atomicMove(temp, target);
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new IOException(target + " exists and is not a directory; remove it or choose another name");
        }
        Path old = createTempSiblingDirectory(target);
        Files.delete(old);
        atomicMove(target, old);
        try {
            atomicMove(temp, target);
        } catch (IOException e) {
            atomicMove(old, target);
            throw e;
        }
        deleteRecursively(old);
    }

    /** What a file written in place gets: {@code rw-r--r--}. */
    static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");
    /** What a directory (an {@code .mlpackage}) written in place gets: {@code rwxr-xr-x}. */
    static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS = PosixFilePermissions.fromString("rwxr-xr-x");

    /**
     * Gives the temporary sibling the permissions its final name should have. Temporary files and directories are
     * created readable by their owner only (so that nobody reads them half-written); the result must not stay so.
     * It takes the permissions of the file it replaces, else those of a file or directory written in place. On a
     * file system without POSIX permissions nothing changes.
     */
    private static void publishPermissions(Path temp, Path target) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        boolean directory = Files.isDirectory(temp);
        Set<PosixFilePermission> permissions;
        if (Files.exists(target) && Files.isDirectory(target) == directory) {
            permissions = Files.getPosixFilePermissions(target);
        } else {
            permissions = directory ? DIRECTORY_PERMISSIONS : FILE_PERMISSIONS;
        }
        view.setPermissions(permissions);
    }

    private static void atomicMove(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically: " + cause(e, to), e);
        }
    }

    /** What went wrong, in words: a file-system exception's own message is often only its file names. */
    static String cause(IOException e, Path to) {
        if (e instanceof FileAlreadyExistsException) {
            return to + " already exists (another writer may be using the name at the same time)";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return to + " is a directory that is not empty";
        }
        if (e instanceof NoSuchFileException) {
            return "the file is gone (another writer may have moved or deleted it)";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof AtomicMoveNotSupportedException) {
            return "the file system cannot rename atomically there";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }

    /**
     * Deletes a file or a directory tree; does nothing if it does not exist. Symbolic links are deleted, not
     * followed.
     *
     * @param path what to delete
     * @throws IOException if deleting fails
     */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static final class NonClosingOutputStream extends java.io.FilterOutputStream {
        NonClosingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
