package dev.mil4j.tools.conformance;

import dev.mil4j.converter.Converter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code tools/onnx-conformance/run DIR [--only A,B] [--table FILE] [--heading TEXT] [--timeout SECONDS]}: runs the
 * ONNX backend node tests in {@code DIR} (what {@code generate_node_tests.py} writes; {@code --only} keeps the tests
 * whose name contains one of the strings) through {@link ConformanceRunner}, logs one line per test and prints the
 * markdown report ({@link ConformanceReport}). Exit code 0 when it ran, 2 for usage errors.
 */
public final class ConformanceMain {
    private ConformanceMain() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        Path folder = null;
        List<String> only = new ArrayList<>();
        Path table = null;
        String heading = "";
        long timeout = 120;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && i + 1 >= args.length) {
                return usage(err, a + " needs a value");
            }
            switch (a) {
                case "--only" -> only.addAll(List.of(args[++i].split(",")));
                case "--table" -> table = Path.of(args[++i]);
                case "--heading" -> heading = args[++i];
                case "--timeout" -> timeout = Long.parseLong(args[++i]);
                default -> {
                    if (a.startsWith("-") || folder != null) {
                        return usage(err, "unexpected argument '" + a + "'");
                    }
                    folder = Path.of(a);
                }
            }
        }
        if (folder == null || !Files.isDirectory(folder)) {
            return usage(err, "name the folder of the node tests (made by generate_node_tests.py)");
        }
        ConformanceRunner runner = new ConformanceRunner(Converter.builder().discoverPlugins().build());
        List<Outcome> outcomes = new ArrayList<>();
        ExecutorService pool = newPool();
        for (Path dir : NodeTest.folders(folder)) {
            String name = dir.getFileName().toString();
            if (!only.isEmpty() && only.stream().noneMatch(name::contains)) {
                continue;
            }
            NodeTest t = NodeTest.read(dir);
            Future<Outcome> f = pool.submit(() -> runner.run(t));
            Outcome o;
            try {
                o = f.get(timeout, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                pool.shutdownNow();
                pool = newPool();
                o = Outcome.fail(t, Outcome.Cause.TIMEOUT, "more than " + timeout + " s", false);
            } catch (ExecutionException e) {
                o = Outcome.fail(t, Outcome.Cause.CRASH, String.valueOf(e.getCause()), false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
            err.printf("%-60s %-5s %s%n", name, o.status(), o.detail());
            outcomes.add(o);
        }
        pool.shutdownNow();
        String markdown = ConformanceReport.markdown(outcomes, heading);
        out.print(markdown);
        if (table != null) {
            Files.writeString(table, markdown + handWritten(table));
        }
        return 0;
    }

    /** The hand-maintained end of an existing report (from "## Files from the wild"), kept when it is rewritten. */
    static String handWritten(Path table) throws IOException {
        if (!Files.isRegularFile(table)) {
            return "";
        }
        String old = Files.readString(table);
        int at = old.indexOf("\n## Files from the wild");
        return at < 0 ? "" : old.substring(at);
    }

    private static ExecutorService newPool() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "conformance");
            t.setDaemon(true);
            return t;
        });
    }

    private static int usage(PrintStream err, String message) {
        err.println("error: " + message);
        err.println("usage: tools/onnx-conformance/run DIR [--only A,B] [--table FILE] [--heading TEXT] "
                + "[--timeout SECONDS]");
        return 2;
    }
}
