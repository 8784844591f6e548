package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.cli.ProgressDisplay.Level;
import dev.mil4j.converter.spi.ProgressListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The display's output for scripted events, on a fake terminal of a fixed width with a fake clock. */
class ProgressDisplayTest {
    private static final String CSI = "\u001b[";
    private static final long MS = 1_000_000;

    private final StringWriter out = new StringWriter();
    private long now;

    private ProgressDisplay display(StderrTerminal terminal, Level level) {
        return new ProgressDisplay(new PrintWriter(out), terminal, level, () -> now);
    }

    /** What a redraw writes: up over the {@code up} lines drawn before, the lines, each erased to its end. */
    private static String frame(int up, String... lines) {
        StringBuilder sb = new StringBuilder();
        if (up > 0) {
            sb.append('\r').append(CSI).append(up).append('A');
        }
        for (String l : lines) {
            sb.append(l).append(CSI).append("K\n");
        }
        return sb.append(CSI).append('J').toString();
    }

    /** Takes what was written so far. */
    private String written() {
        String s = out.toString();
        out.getBuffer().setLength(0);
        return s;
    }

    /** A bar of {@code width} columns, {@code filled} of them filled. */
    private static String bar(int width, int filled) {
        return "[" + "#".repeat(filled) + " ".repeat(width - filled) + "]";
    }

    @Test
    void aTerminalGetsOneLinePerStageRedrawnInPlaceAndErasedAtTheEnd() {
        ProgressDisplay d = display(new StderrTerminal(true, 70), Level.NORMAL);
        d.stageStarted(ProgressListener.LOAD);
        assertThat(written()).isEqualTo(frame(0, "  load       ..."));
        d.stageFinished(ProgressListener.LOAD, 5 * MS);
        d.stageStarted(ProgressListener.TRANSLATE);
        assertThat(written()).isEqualTo(frame(1, "  load       done")
                + frame(1, "  load       done", "  translate  ..."));

        // progress redraws at most every 100 ms
        d.stageProgress(ProgressListener.TRANSLATE, 1, 4);
        assertThat(written()).isEmpty();
        now = 150 * MS;
        d.stageProgress(ProgressListener.TRANSLATE, 2, 4);
        assertThat(written()).isEqualTo(frame(2, "  load       done", "  translate  " + bar(30, 15) + " 2/4 ops"));
        d.stageProgress(ProgressListener.TRANSLATE, 4, 4);
        assertThat(written()).isEmpty();
        d.stageFinished(ProgressListener.TRANSLATE, 9 * MS);
        assertThat(written()).isEqualTo(frame(2, "  load       done", "  translate  done  4 ops"));

        // the running pass shows beside the passes' bar, the line cut to the width less one column
        d.stageStarted(ProgressListener.PASSES);
        written();
        now = 300 * MS;
        d.stageStarted(ProgressListener.passStage("common::dead_code_elimination"));
        d.stageProgress(ProgressListener.PASSES, 0, 31);
        String passes = "  passes     " + bar(18, 0) + " 0/31 passes  common::dead_code_elimination";
        assertThat(written()).isEqualTo(frame(3, "  load       done", "  translate  done  4 ops",
                passes.substring(0, 69)));

        // bytes written of total
        d.stageFinished(ProgressListener.PASSES, 20 * MS);
        d.stageStarted(ProgressListener.WRITE);
        written();
        now = 500 * MS;
        d.stageProgress(ProgressListener.WRITE, 1_500_000, 6_000_000);
        assertThat(written()).isEqualTo(frame(4, "  load       done", "  translate  done  4 ops",
                "  passes     done  31 passes", "  write      " + bar(30, 7) + " 1.5 MB / 6.0 MB"));

        // a line that stays goes above the block
        d.message("wrote x.mlpackage");
        assertThat(written()).isEqualTo(frame(4, "wrote x.mlpackage", "  load       done", "  translate  done  4 ops",
                "  passes     done  31 passes", "  write      " + bar(30, 7) + " 1.5 MB / 6.0 MB"));
        d.message("warning: w" + System.lineSeparator() + "  hint: h");
        assertThat(written()).startsWith("\r" + CSI + "4A" + "warning: w" + CSI + "K\n" + "  hint: h" + CSI + "K\n"
                + "  load       done" + CSI + "K\n");
        d.close();
        assertThat(written()).isEqualTo("\r" + CSI + "4A" + CSI + "J");
    }

    @Test
    void aNarrowTerminalGetsNoBar() {
        ProgressDisplay d = display(new StderrTerminal(true, 30), Level.NORMAL);
        d.stageStarted(ProgressListener.TRANSLATE);
        now = 200 * MS;
        d.stageProgress(ProgressListener.TRANSLATE, 12, 191);
        assertThat(written()).endsWith(frame(1, "  translate  12/191 ops"));
    }

    @Test
    void verboseMovesEachFinishedStageAboveTheBlockAsItsTime() {
        ProgressDisplay d = display(new StderrTerminal(true, 60), Level.VERBOSE);
        d.stageStarted(ProgressListener.LOAD);
        d.stageFinished(ProgressListener.LOAD, 12_300_000);
        assertThat(written()).isEqualTo(frame(0, "  load       ...") + frame(1, "load          12.3 ms"));
        d.stageStarted(ProgressListener.TRANSLATE);
        d.stageProgress(ProgressListener.TRANSLATE, 191, 191);
        d.stageFinished(ProgressListener.TRANSLATE, 1_250_000_000L);
        d.close();
        assertThat(written()).isEqualTo(frame(0, "  translate  ...") + frame(1, "translate      1.25 s  191 ops")
                + "");
    }

    @Test
    void elsewhereNothingIsRedrawnOnlyTheLinesThatStay() {
        ProgressDisplay normal = display(StderrTerminal.NONE, Level.NORMAL);
        script(normal);
        assertThat(written()).isEqualTo("warning: w" + System.lineSeparator() + "wrote m" + System.lineSeparator());

        ProgressDisplay verbose = display(StderrTerminal.NONE, Level.VERBOSE);
        script(verbose);
        assertThat(written().lines()).containsExactly("load           2.0 ms", "passes         3.0 ms  2 passes",
                "write          4.0 ms  2.0 kB", "warning: w", "wrote m");

        ProgressDisplay quiet = display(new StderrTerminal(true, 80), Level.QUIET);
        script(quiet);
        assertThat(written()).isEmpty();
    }

    private static void script(ProgressDisplay d) {
        d.stageStarted(ProgressListener.LOAD);
        d.stageFinished(ProgressListener.LOAD, 2 * MS);
        d.stageStarted(ProgressListener.PASSES);
        for (int i = 0; i < 2; i++) {
            d.stageStarted(ProgressListener.passStage("p" + i));
            d.stageProgress(ProgressListener.PASSES, i, 2);
            d.stageFinished(ProgressListener.passStage("p" + i), MS);
            d.stageProgress(ProgressListener.PASSES, i + 1, 2);
        }
        d.stageFinished(ProgressListener.PASSES, 3 * MS);
        d.stageStarted(ProgressListener.WRITE);
        d.stageProgress(ProgressListener.WRITE, 2000, 0);
        d.stageFinished(ProgressListener.WRITE, 4 * MS);
        d.message("warning: w");
        d.message("wrote m");
        d.close();
    }
}
