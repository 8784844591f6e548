package dev.mil4j.cli;

import java.util.Locale;

/** Sizes and durations as a person reads them: {@code 23.4 MB}, {@code 41.2 ms}, {@code 1.2 s}. */
final class Quantities {
    private Quantities() {
    }

    /** Bytes in decimal units: {@code 512 B}, {@code 1.5 kB}, {@code 23.4 MB}, {@code 2.10 GB}. */
    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
        }
        if (n < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", n / 1e9);
    }

    /** A short duration: milliseconds below a second ({@code 41.2 ms}), else seconds ({@code 1.25 s}). */
    static String duration(long nanos) {
        return nanos < 1_000_000_000L ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    /** A whole command's time, to a tenth of a second: {@code 1.2 s}. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** {@code count} of a unit, in the unit's form for the stage: {@code 191 ops}, {@code 23.4 MB}. */
    static String amount(long count, String unit) {
        return switch (unit) {
            case "bytes" -> bytes(count);
            case "" -> Long.toString(count);
            default -> count + " " + unit;
        };
    }
}
