package dev.mil4j.spec;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A Core ML file ({@code .mlmodel}, {@code .mlpackage}, {@code Manifest.json} or weight blob file) is malformed, too
 * large or inconsistent. The message names the file, the byte offset when one is known, what was wrong and what to
 * do about it.
 */
public final class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    /**
     * A problem with a file as a whole.
     *
     * @param file the file that is malformed
     * @param problem what is wrong and what to do
     */
    public ModelFormatException(Path file, String problem) {
        this(file, -1, problem, null);
    }

    /**
     * A problem at a byte offset in a file.
     *
     * @param file the file that is malformed
     * @param offset the byte offset of the problem, or a negative value when it is unknown
     * @param problem what is wrong and what to do
     * @param cause the underlying exception, or {@code null}
     */
    public ModelFormatException(Path file, long offset, String problem, Throwable cause) {
        super(render(file, offset, problem), cause);
        this.file = file;
        this.offset = offset;
    }

    private static String render(Path file, long offset, String problem) {
        requireNonNull(file, "file is null");
        requireNonNull(problem, "problem is null");
        return offset >= 0 ? file + ": at byte " + offset + ": " + problem : file + ": " + problem;
    }

    /** @return the file that is malformed */
    public Path file() {
        return file;
    }

    /** @return the byte offset of the problem, when it is known */
    public OptionalLong offset() {
        return offset >= 0 ? OptionalLong.of(offset) : OptionalLong.empty();
    }
}
