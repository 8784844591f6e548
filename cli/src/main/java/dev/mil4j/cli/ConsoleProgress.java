package dev.mil4j.cli;

import dev.mil4j.converter.spi.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Renders conversion progress: a one-line bar redrawn in place on a terminal, plain log lines otherwise.
 */
final class ConsoleProgress implements ProgressListener {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final boolean quiet;

    ConsoleProgress(PrintWriter err, boolean terminal, boolean quiet) {
        this.err = err;
        this.terminal = terminal;
        this.quiet = quiet;
    }

    @Override
    public void stageStarted(String stage) {
        if (!quiet && !terminal && !stage.startsWith("pass ")) {
            err.println("mil4j: " + stage + " ...");
        }
    }

    @Override
    public void stageProgress(String stage, long done, long total) {
        if (quiet || !terminal || total <= 0) {
            return;
        }
        int filled = (int) (WIDTH * done / total);
        err.print(String.format(Locale.ROOT, "\r%-10s [%s%s] %d/%d", stage, "#".repeat(filled),
                " ".repeat(WIDTH - filled), done, total));
        if (done == total) {
            err.println();
        }
        err.flush();
    }

    @Override
    public void stageFinished(String stage, long nanos) {
        if (quiet || stage.startsWith("pass ") && terminal) {
            return;
        }
        err.println(String.format(Locale.ROOT, "mil4j: %s done in %.1f ms", stage, nanos / 1e6));
    }
}
