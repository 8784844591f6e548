package dev.mil4j.interpreter.npy;

import java.io.IOException;
import java.nio.file.Path;

/** A {@code .npy} file is malformed or uses a form that is not supported; the message names the file. */
public final class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(Path file, String problem) {
        super(file + " " + problem);
    }
}
