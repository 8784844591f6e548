package dev.mil4j.cli;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the process's standard error is: a terminal that a progress display may redraw in place (and how wide it
 * is), or a file or pipe that gets plain lines only.
 *
 * <p>{@link System#console()} cannot tell: on Java 17 it is about standard input and output, and a conversion whose
 * output is piped ({@code mil4j optimize m.pt > m.mil}) still has a person watching standard error. So standard
 * error is asked directly: on Linux through the link {@code /proc/self/fd/2} (a terminal is a {@code /dev/pts/N} or
 * {@code /dev/ttyN}), elsewhere by running {@code test -t 2} with this process's standard error. The environment
 * variable {@code MIL4J_PROGRESS} overrides the answer: {@code always}, {@code never} or {@code auto} (the default);
 * {@code TERM=dumb} means no redraws. The width is {@code COLUMNS} when set, else what {@code stty size} says of the
 * controlling terminal, else 80.
 *
 * @param interactive whether a display may redraw lines in place (ANSI cursor movement)
 * @param width the number of columns; lines are cut to fit
 */
record StderrTerminal(boolean interactive, int width) {
    /** Plain lines only: for in-process runs, whose error stream is not the process's. */
    static final StderrTerminal NONE = new StderrTerminal(false, 80);
    /** The environment variable that overrides the detection. */
    static final String PROGRESS_VARIABLE = "MIL4J_PROGRESS";
    private static final int DEFAULT_WIDTH = 80;

    StderrTerminal {
        if (width < 1) {
            throw new IllegalArgumentException("width must be positive, got " + width);
        }
    }

    /**
     * The process's standard error, as {@code env} and the operating system describe it.
     *
     * @param warn told of a {@code MIL4J_PROGRESS} value it does not know (taken as {@code auto})
     */
    static StderrTerminal detect(Map<String, String> env, Consumer<String> warn) {
        String mode = env.getOrDefault(PROGRESS_VARIABLE, "auto").toLowerCase(Locale.ROOT);
        boolean interactive = switch (mode) {
            case "always" -> true;
            case "never" -> false;
            default -> {
                if (!mode.equals("auto")) {
                    warn.accept("warning: " + PROGRESS_VARIABLE + "=" + env.get(PROGRESS_VARIABLE) + " is not always, "
                            + "never or auto; taken as auto");
                }
                yield !"dumb".equals(env.get("TERM")) && stderrIsTerminal();
            }
        };
        return interactive ? new StderrTerminal(true, width(env)) : NONE;
    }

    private static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            if (Files.exists(fd, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
            Process p = new ProcessBuilder("sh", "-c", "test -t 2").redirectError(Redirect.INHERIT).start();
            return p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int width(Map<String, String> env) {
        Integer columns = positive(env.get("COLUMNS"));
        if (columns != null) {
            return columns;
        }
        try {
            Process p = new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectError(Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0) {
                String[] rowsCols = out.split("\\s+");
                Integer cols = rowsCols.length == 2 ? positive(rowsCols[1]) : null;
                if (cols != null) {
                    return cols;
                }
            }
        } catch (IOException e) {
            // no stty, or no controlling terminal: the default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_WIDTH;
    }

    private static Integer positive(String s) {
        if (s == null || !s.matches("\\d{1,5}")) {
            return null;
        }
        int n = Integer.parseInt(s);
        return n > 0 ? n : null;
    }
}
