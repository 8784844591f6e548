package dev.mil4j.cli;

import dev.mil4j.converter.spi.ProgressListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What a command tells a person on standard error while it works, at one of three {@link Level levels}.
 *
 * <p>On an {@link StderrTerminal#interactive() interactive} terminal, a block of one line per stage (load,
 * translate, passes, check, write) with its progress, redrawn in place with ANSI cursor movement: the cursor goes
 * back up over the block ({@code ESC[nA}), each line is rewritten and erased to its end ({@code ESC[K}), and
 * whatever is left below is erased ({@code ESC[J}). Lines are cut to the terminal's width so that none wraps, since
 * a wrapped line would throw the count off. Progress redraws at most every {@value #REDRAW_MILLIS} ms; a stage
 * starting or finishing redraws at once. {@link #close()} erases the block, leaving the lines that stay: warnings,
 * the summary, and with {@code -v} each stage's time as it finishes.
 *
 * <p>Elsewhere (a file, a pipe, CI) nothing is redrawn: only the lines that stay are printed.
 *
 * <p>Not thread-safe: a conversion reports from one thread.
 */
final class ProgressDisplay implements ProgressListener, AutoCloseable {
    /** How much to say. */
    enum Level {
        /** Errors only (which are not the display's). */
        QUIET,
        /** Progress on a terminal, then a summary line and warnings. */
        NORMAL,
        /** As {@link #NORMAL}, and each stage's time once it finishes. */
        VERBOSE
    }

    static final long REDRAW_MILLIS = 100;
    private static final String CSI = "\u001b[";

    private final PrintWriter err;
    private final StderrTerminal terminal;
    private final Level level;
    private final LongSupplier clock;
    private final List<StageLine> stages = new ArrayList<>();
    private final List<String> pending = new ArrayList<>();
    private int drawn;
    private boolean everDrawn;
    private long lastDraw;

    /**
     * @param clock nanoseconds, for pacing redraws ({@code System::nanoTime}; a fake one in tests)
     */
    ProgressDisplay(PrintWriter err, StderrTerminal terminal, Level level, LongSupplier clock) {
        this.err = err;
        this.terminal = terminal;
        this.level = level;
        this.clock = clock;
    }

    private boolean live() {
        return terminal.interactive() && level != Level.QUIET;
    }

    @Override
    public void stageStarted(String stage) {
        if (ProgressListener.isPassStage(stage)) {
            // shown with the passes' progress, which follows at once
            current(PASSES).ifPresent(l -> l.detail(stage.substring("pass ".length())));
        } else {
            stages.add(new StageLine(stage));
            redraw(true);
        }
    }

    @Override
    public void stageProgress(String stage, long done, long total) {
        current(stage).ifPresent(l -> {
            l.progress(done, total);
            redraw(false);
        });
    }

    @Override
    public void stageFinished(String stage, long nanos) {
        if (ProgressListener.isPassStage(stage)) {
            return;
        }
        current(stage).ifPresent(l -> {
            l.finish(nanos);
            if (level == Level.VERBOSE) {
                pending.add(l.timing());
            }
            redraw(true);
        });
    }

    /** A line that stays (a warning, the summary), unless quiet. */
    void message(String line) {
        if (level != Level.QUIET) {
            pending.add(line);
            redraw(true);
        }
    }

    /** Erases the live block and prints what is still to print. */
    @Override
    public void close() {
        if (drawn > 0) {
            err.print("\r" + CSI + drawn + "A" + CSI + "J");
            drawn = 0;
        }
        pending.forEach(err::println);
        pending.clear();
        err.flush();
        stages.clear();
    }

    private Optional<StageLine> current(String stage) {
        for (int i = stages.size() - 1; i >= 0; i--) {
            StageLine l = stages.get(i);
            if (l.name().equals(stage) && !l.finished()) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    private void redraw(boolean now) {
        if (!live()) {
            pending.forEach(err::println);
            pending.clear();
            err.flush();
            return;
        }
        long t = clock.getAsLong();
        if (!now && everDrawn && t - lastDraw < REDRAW_MILLIS * 1_000_000) {
            return;
        }
        everDrawn = true;
        lastDraw = t;
        StringBuilder frame = new StringBuilder();
        if (drawn > 0) {
            frame.append('\r').append(CSI).append(drawn).append('A');
        }
        for (String message : pending) {
            // each line of a message (a diagnostic's hint, the pass table) erases what was drawn there before
            message.lines().forEach(line -> frame.append(line).append(CSI).append("K\n"));
        }
        pending.clear();
        int lines = 0;
        for (StageLine l : stages) {
            if (level == Level.NORMAL || !l.finished()) {
                frame.append(fit(l.render(terminal.width()))).append(CSI).append("K\n");
                lines++;
            }
        }
        frame.append(CSI).append('J');
        drawn = lines;
        err.print(frame);
        err.flush();
    }

    /** A line cut to one column less than the width, so that the cursor never wraps. */
    private String fit(String line) {
        int max = Math.max(1, terminal.width() - 1);
        return line.length() <= max ? line : line.substring(0, max);
    }
}
