package dev.mil4j.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What every fuzz target does with one input: parse it in memory ({@link #check(Parse, Class[])}), or split it into
 * the files of a model, write them to a fresh scratch folder, run a reader, check that nothing but the input is left
 * in the folder and delete it ({@link #check(Step, Step, Class[])}); either way only the project's own diagnostic
 * exceptions are accepted.
 *
 * <p>One input may stand for several files (a model and its external data, a SavedModel's graph and checkpoint): its
 * parts are separated by {@link #SEPARATOR}, so a seed is the files joined with it, and a mutated separator merges
 * two parts (still a valid input).
 */
public final class FuzzInputs {
    /** Separates the parts of a multi-file input: bytes that no model of the corpora contains. */
    public static final byte[] SEPARATOR = "\n%%mil4j-fuzz-part%%\n".getBytes(StandardCharsets.US_ASCII);

    private FuzzInputs() {
    }

    /** A step of a fuzz target that may throw anything. */
    @FunctionalInterface
    public interface Step {
        void run(Path scratch) throws Exception;
    }

    /** A parse of bytes already in memory, which may throw anything. */
    @FunctionalInterface
    public interface Parse {
        void run() throws Exception;
    }

    /**
     * Runs a parser that reads no file: an exception of one of the {@code diagnostics} types with a message is a
     * correct refusal, anything else fails (and is a finding when fuzzing).
     *
     * @return the diagnostic the parser refused the input with, or {@code null} when it was accepted
     */
    @SafeVarargs
    public static Throwable check(Parse parse, Class<? extends Throwable>... diagnostics) {
        try {
            parse.run();
            return null;
        } catch (Exception e) {
            return diagnostic(e, diagnostics);
        }
    }

    /**
     * Splits {@code data} into exactly {@code n} parts at {@link #SEPARATOR}; missing parts are empty and the last
     * part keeps any further separators.
     */
    public static byte[][] split(byte[] data, int n) {
        byte[][] parts = new byte[n][];
        int from = 0;
        for (int i = 0; i < n; i++) {
            int at = i == n - 1 ? -1 : indexOf(data, SEPARATOR, from);
            int to = at < 0 ? data.length : at;
            parts[i] = from <= data.length ? Arrays.copyOfRange(data, Math.min(from, data.length), to) : new byte[0];
            from = at < 0 ? data.length + 1 : at + SEPARATOR.length;
        }
        return parts;
    }

    /** {@code parts} joined with {@link #SEPARATOR}: the seed for a multi-file target. */
    public static byte[] join(byte[]... parts) {
        List<byte[]> all = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                all.add(SEPARATOR);
            }
            all.add(parts[i]);
        }
        int size = all.stream().mapToInt(b -> b.length).sum();
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] b : all) {
            System.arraycopy(b, 0, out, at, b.length);
            at += b.length;
        }
        return out;
    }

    /**
     * Runs {@code step} in a new scratch folder; an exception of one of the {@code diagnostics} types with a message
     * is a correct refusal, anything else fails (and is a finding when fuzzing). Afterwards the folder must hold only
     * the files that were in it when the step started (the inputs the step wrote first count as such when written by
     * {@code write} before the step), so a failed or successful read leaves no temporary or partial output behind.
     *
     * @return the diagnostic the reader refused the input with, or {@code null} when it was accepted
     */
    @SafeVarargs
    public static Throwable check(Step write, Step step, Class<? extends Throwable>... diagnostics) {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("mil4j-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            write.run(scratch);
            List<Path> before = list(scratch);
            Throwable refused = null;
            try {
                step.run(scratch);
            } catch (Exception e) {
                refused = diagnostic(e, diagnostics);
            }
            List<Path> after = list(scratch);
            if (!after.equals(before)) {
                throw new AssertionError("the reader left files behind: " + after + " (before: " + before + ")");
            }
            return refused;
        } catch (Exception e) {
            throw new AssertionError("writing the input failed: " + e, e);
        } finally {
            deleteTree(scratch);
        }
    }

    @SafeVarargs
    private static Exception diagnostic(Exception e, Class<? extends Throwable>... diagnostics) {
        if (Arrays.stream(diagnostics).noneMatch(d -> d.isInstance(e)) || e.getMessage() == null
                || e.getMessage().isBlank()) {
            throw new AssertionError("not a diagnostic: " + e, e);
        }
        return e;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.sorted().toList();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
