package dev.mil4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run behind the launchers' start-up archives: runs the commands a person runs first (help, a
 * conversion of each given model to both targets, inspect) in one JVM, so that the JVM started with
 * {@code -XX:ArchiveClassesAtExit} (JDK 17 application class-data sharing) or {@code -XX:AOTCacheOutput} (the JDK 25
 * ahead-of-time cache) records the classes, and on 25 the method profiles, those commands use. What the commands
 * print is dropped; a model that fails to convert is skipped (the archive is then only smaller).
 *
 * <p>Usage: {@code java ... dev.mil4j.cli.StartupTraining WORK_DIR MODEL...}; the outputs go to {@code WORK_DIR},
 * which the caller deletes. Exit code 0 when at least one conversion succeeded, else 1.
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: StartupTraining WORK_DIR MODEL...");
            System.exit(Mil4j.USAGE);
        }
        System.exit(train(Path.of(args[0]), List.of(args).subList(1, args.length).stream().map(Path::of).toList()));
    }

    /** Runs the training commands over {@code models}, writing to {@code work}; returns the exit code. */
    static int train(Path work, List<Path> models) throws IOException {
        Files.createDirectories(work);
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        run(sink, "--help");
        run(sink, "convert", "--help");
        int converted = 0;
        int n = 0;
        for (Path model : models) {
            String name = "m" + n++;
            for (String[] target : List.of(new String[] {"mlprogram", ".mlpackage"},
                    new String[] {"neuralnetwork", ".mlmodel"})) {
                Path out = work.resolve(name + target[1]);
                if (run(sink, "convert", model.toString(), "-o", out.toString(), "--to", target[0], "-q")
                        == Mil4j.OK) {
                    converted++;
                    run(sink, "inspect", out.toString());
                }
            }
        }
        return converted > 0 ? Mil4j.OK : Mil4j.DIAGNOSTICS;
    }

    private static int run(PrintWriter sink, String... args) {
        try {
            return Mil4j.run(sink, sink, args);
        } catch (RuntimeException e) {
            return Mil4j.DIAGNOSTICS; // a failed training command only leaves its classes out of the archive
        }
    }
}
