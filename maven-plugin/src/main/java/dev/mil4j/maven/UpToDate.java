package dev.mil4j.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether a model's output can be kept: it exists, every file of it is newer than every file of the model, and it
 * was written with the same options (recorded in a stamp file beside the build's other state, outside the resource
 * root, so a changed {@code <precision>} or plugin set converts again).
 */
final class UpToDate {
    private final Path stampDirectory;

    UpToDate(Path stampDirectory) {
        this.stampDirectory = stampDirectory;
    }

    /** True when {@code output} was written from {@code model} with the options {@code stamp} describes. */
    boolean check(Path model, Path output, String stamp) throws IOException {
        Path stampFile = stampFile(output);
        if (!Files.exists(output) || !Files.isRegularFile(stampFile)
                || !Files.readString(stampFile, StandardCharsets.UTF_8).equals(stamp)) {
            return false;
        }
        Optional<Long> newestInput = times(model).max(Long::compare);
        Optional<Long> oldestOutput = times(output).min(Long::compare);
        return newestInput.isPresent() && oldestOutput.isPresent() && oldestOutput.get() > newestInput.get();
    }

    /** Records that {@code output} now holds the conversion {@code stamp} describes. */
    void record(Path output, String stamp) throws IOException {
        Files.createDirectories(stampDirectory);
        Files.writeString(stampFile(output), stamp, StandardCharsets.UTF_8);
    }

    /** Forgets {@code output}: it is about to be rewritten, or its conversion failed. */
    void forget(Path output) throws IOException {
        Files.deleteIfExists(stampFile(output));
    }

    private Path stampFile(Path output) {
        return stampDirectory.resolve(output.getFileName() + ".options");
    }

    private static Stream<Long> times(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return Stream.of(Files.getLastModifiedTime(p).toMillis());
        }
        try (Stream<Path> files = Files.walk(p)) {
            return files.filter(Files::isRegularFile).map(UpToDate::modified).toList().stream();
        }
    }

    private static long modified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
