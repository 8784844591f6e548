package dev.mil4j.cli;

import dev.mil4j.converter.spi.ProgressListener;
import java.util.Locale;

/**
 * One stage of a conversion as a display shows it: what of its work is done (ops, passes or bytes), the pass
 * running in it, and whether and how fast it finished.
 */
final class StageLine {
    private static final int MAX_BAR = 30;
    private static final int MIN_BAR = 10;
    /** The columns kept beside a bar for what runs in the stage, when the terminal is wide enough. */
    private static final int MAX_DETAIL = 24;

    private final String name;
    private final String unit;
    private long done;
    private long total;
    private String detail = "";
    private boolean finished;
    private long nanos;

    StageLine(String name) {
        this.name = name;
        this.unit = switch (name) {
            case ProgressListener.TRANSLATE -> "ops";
            case ProgressListener.PASSES -> "passes";
            case ProgressListener.WRITE -> "bytes";
            default -> "";
        };
    }

    String name() {
        return name;
    }

    boolean finished() {
        return finished;
    }

    void progress(long done, long total) {
        this.done = done;
        this.total = total;
    }

    /** What runs inside the stage now, e.g. a pass's id. */
    void detail(String detail) {
        this.detail = detail;
    }

    void finish(long nanos) {
        this.finished = true;
        this.nanos = nanos;
        this.detail = "";
    }

    /** The line of a live display: a bar while running (when the total is known), {@code done} once finished. */
    String render(int width) {
        String prefix = String.format(Locale.ROOT, "  %-10s ", name);
        if (finished) {
            long amount = Math.max(done, total);
            return prefix + "done" + (amount > 0 ? "  " + Quantities.amount(amount, unit) : "");
        }
        if (total <= 0) {
            return prefix + (done > 0 ? Quantities.amount(done, unit) : "...") + suffix();
        }
        long shown = Math.min(done, total);
        String counts = "bytes".equals(unit) ? Quantities.bytes(shown) + " / " + Quantities.bytes(total)
                : shown + "/" + Quantities.amount(total, unit);
        int room = width - 1 - prefix.length() - 3 - counts.length();
        int bar = Math.min(MAX_BAR, room - Math.min(suffix().length(), MAX_DETAIL));
        if (bar < MIN_BAR) {
            bar = Math.min(MAX_BAR, room);
        }
        if (bar < MIN_BAR) {
            return prefix + counts + suffix();
        }
        int filled = (int) (bar * shown / total);
        return prefix + "[" + "#".repeat(filled) + " ".repeat(bar - filled) + "] " + counts + suffix();
    }

    /** The line {@code -v} prints once the stage finished: its time and its amount of work. */
    String timing() {
        long amount = Math.max(done, total);
        return String.format(Locale.ROOT, "%-10s %10s", name, Quantities.duration(nanos))
                + (amount > 0 ? "  " + Quantities.amount(amount, unit) : "");
    }

    private String suffix() {
        return detail.isEmpty() ? "" : "  " + detail;
    }
}
