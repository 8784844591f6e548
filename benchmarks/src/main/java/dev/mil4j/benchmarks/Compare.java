package dev.mil4j.benchmarks;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares two JMH JSON result files: prints each benchmark (with its parameters) and metric with the ratio new/old
 * of their scores, and exits with 1 when one got worse by more than the threshold beyond the runs' errors.
 *
 * <pre>
 *   benchmarks/compare OLD.json NEW.json [--threshold 0.10]
 * </pre>
 *
 * <p>A result is compared through its primary metric and its secondary metrics except those of profilers (whose
 * names start with {@code ·}, such as {@code ·gc.alloc.rate}). Higher is better for rates (a unit per time unit such
 * as {@code ops/s}, or a metric named {@code ...PerSecond}); lower is better for everything else (times per
 * operation, single-shot times, counted bytes). With {@code e} each run's {@code scoreError} (0 when JMH reports
 * none), a lower-is-better result is slower when {@code new - e_new > (old + e_old) * (1 + threshold)}, and a
 * higher-is-better one when {@code (old - e_old) > (new + e_new) * (1 + threshold)}; faster is the mirror image.
 * Results present in only one file, or whose unit changed, are listed and not judged.
 *
 * <p>Exit status: 0 when nothing got slower, 1 when something did, 2 on a usage or input error.
 */
public final class Compare {
    /** The default threshold: 10%. */
    public static final double DEFAULT_THRESHOLD = 0.10;

    private static final String PACKAGE = "dev.mil4j.benchmarks.";
    private static final String USAGE = "usage: benchmarks/compare OLD.json NEW.json [--threshold 0.10]";

    /** One metric of one benchmark run with given parameters. */
    record Result(String benchmark, String mode, Map<String, String> params, String metric, double score,
            double error, String unit) {
        Result {
            requireNonNull(benchmark, "benchmark is null");
            params = Map.copyOf(params);
        }

        String key() {
            return benchmark + "|" + mode + "|" + new TreeMap<>(params) + "|" + metric;
        }

        String display() {
            String name = benchmark.startsWith(PACKAGE) ? benchmark.substring(PACKAGE.length()) : benchmark;
            StringBuilder s = new StringBuilder(name);
            if (!metric.isEmpty()) {
                s.append(':').append(metric);
            }
            if (!params.isEmpty()) {
                s.append(' ');
                new TreeMap<>(params).forEach((k, v) -> s.append(k).append('=').append(v).append(','));
                s.setLength(s.length() - 1);
            }
            return s.toString();
        }

        boolean higherIsBetter() {
            if (metric.endsWith("PerSecond")) {
                return true;
            }
            int slash = unit.lastIndexOf('/');
            return slash >= 0 && List.of("s", "ms", "us", "ns", "min", "h").contains(unit.substring(slash + 1));
        }
    }

    /** The verdict on one pair of results. */
    enum Verdict {
        SLOWER, FASTER, SAME
    }

    private Compare() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the comparison; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> files = new ArrayList<>();
        double threshold = DEFAULT_THRESHOLD;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--threshold") || a.startsWith("--threshold=")) {
                String value;
                if (a.startsWith("--threshold=")) {
                    value = a.substring("--threshold=".length());
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    err.println("--threshold needs a value, e.g. --threshold 0.10\n" + USAGE);
                    return 2;
                }
                try {
                    threshold = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    threshold = -1;
                }
                if (!(threshold >= 0) || Double.isInfinite(threshold)) {
                    err.println("--threshold must be a fraction >= 0 such as 0.10 (10%), got '" + value + "'\n"
                            + USAGE);
                    return 2;
                }
            } else if (a.equals("-h") || a.equals("--help")) {
                out.println(USAGE);
                return 0;
            } else if (a.startsWith("--")) {
                err.println("unknown option " + a + "\n" + USAGE);
                return 2;
            } else {
                files.add(a);
            }
        }
        if (files.size() != 2) {
            err.println("expected two JMH JSON files, got " + files.size() + "\n" + USAGE);
            return 2;
        }
        Map<String, Result> old;
        Map<String, Result> neu;
        try {
            old = read(Path.of(files.get(0)));
            neu = read(Path.of(files.get(1)));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        return report(old, neu, threshold, out);
    }

    private static int report(Map<String, Result> old, Map<String, Result> neu, double threshold, PrintStream out) {
        int slower = 0;
        int faster = 0;
        int same = 0;
        out.printf(Locale.ROOT, "%-7s %8s  %26s  %26s  %-10s %s%n", "verdict", "new/old", "old", "new", "unit",
                "benchmark");
        for (Result n : neu.values()) {
            Result o = old.get(n.key());
            if (o == null) {
                out.printf(Locale.ROOT, "%-7s %8s  %26s  %26s  %-10s %s%n", "new", "", "", value(n), n.unit(),
                        n.display());
                continue;
            }
            if (!o.unit().equals(n.unit())) {
                out.printf(Locale.ROOT, "%-7s %8s  %26s  %26s  %-10s %s (unit changed from %s; not judged)%n",
                        "unit?", "", value(o), value(n), n.unit(), n.display(), o.unit());
                continue;
            }
            Verdict v = judge(o, n, threshold);
            switch (v) {
                case SLOWER -> slower++;
                case FASTER -> faster++;
                case SAME -> same++;
            }
            out.printf(Locale.ROOT, "%-7s %8s  %26s  %26s  %-10s %s%n", v.name().toLowerCase(Locale.ROOT),
                    ratio(o, n), value(o), value(n), n.unit(), n.display());
        }
        int gone = 0;
        for (Result o : old.values()) {
            if (!neu.containsKey(o.key())) {
                gone++;
                out.printf(Locale.ROOT, "%-7s %8s  %26s  %26s  %-10s %s%n", "gone", "", value(o), "", o.unit(),
                        o.display());
            }
        }
        out.printf(Locale.ROOT, "%d compared (threshold %.0f%% beyond the error): %d slower, %d faster, %d same; "
                + "%d only in new, %d only in old%n", slower + faster + same, threshold * 100, slower, faster, same,
                countMissing(neu, old), gone);
        if (slower > 0) {
            out.println("FAILED: " + slower + (slower == 1 ? " result is" : " results are") + " slower");
            return 1;
        }
        return 0;
    }

    private static long countMissing(Map<String, Result> in, Map<String, Result> from) {
        return in.keySet().stream().filter(k -> !from.containsKey(k)).count();
    }

    /** Judges the new result against the old one. */
    static Verdict judge(Result old, Result neu, double threshold) {
        double eo = Double.isNaN(old.error()) ? 0 : old.error();
        double en = Double.isNaN(neu.error()) ? 0 : neu.error();
        double f = 1 + threshold;
        if (old.higherIsBetter()) {
            if (old.score() - eo > (neu.score() + en) * f) {
                return Verdict.SLOWER;
            }
            if (neu.score() - en > (old.score() + eo) * f) {
                return Verdict.FASTER;
            }
        } else {
            if (neu.score() - en > (old.score() + eo) * f) {
                return Verdict.SLOWER;
            }
            if (old.score() - eo > (neu.score() + en) * f) {
                return Verdict.FASTER;
            }
        }
        return Verdict.SAME;
    }

    private static String ratio(Result old, Result neu) {
        return old.score() == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", neu.score() / old.score());
    }

    private static String value(Result r) {
        return Double.isNaN(r.error()) ? number(r.score()) : number(r.score()) + " ± " + number(r.error());
    }

    private static String number(double d) {
        return String.format(Locale.ROOT, Math.abs(d) >= 1000 || d == 0 ? "%.0f" : "%.4g", d);
    }

    /**
     * Reads the results of a JMH JSON file ({@code -rf json}), in file order.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or is not JMH's JSON
     */
    static Map<String, Result> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getOriginalMessage()
                    + "; pass the file JMH wrote with -rf json");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + " is not a JMH result file (expected a JSON array of "
                    + "benchmark results, as written by -rf json)");
        }
        Map<String, Result> results = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode run : root) {
            String where = file + ": result " + index++;
            String benchmark = text(run, "benchmark", where);
            String mode = text(run, "mode", where);
            Map<String, String> params = new TreeMap<>();
            JsonNode p = run.get("params");
            if (p != null && p.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    params.put(e.getKey(), e.getValue().asText());
                }
            }
            JsonNode primary = run.get("primaryMetric");
            if (primary == null || !primary.isObject()) {
                throw new IllegalArgumentException(where + " (" + benchmark + ") has no primaryMetric");
            }
            add(results, metric(benchmark, mode, params, "", primary, where));
            JsonNode secondary = run.get("secondaryMetrics");
            if (secondary != null && secondary.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = secondary.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getKey().startsWith("·")) {
                        add(results, metric(benchmark, mode, params, e.getKey(), e.getValue(), where));
                    }
                }
            }
        }
        return results;
    }

    private static void add(Map<String, Result> results, Result r) {
        results.put(r.key(), r);
    }

    private static Result metric(String benchmark, String mode, Map<String, String> params, String name,
            JsonNode m, String where) {
        String what = where + " (" + benchmark + (name.isEmpty() ? "" : ":" + name) + ")";
        return new Result(benchmark, mode, params, name, number(m, "score", what), number(m, "scoreError", what),
                text(m, "scoreUnit", what));
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isValueNode()) {
            throw new IllegalArgumentException(where + " has no '" + field + "'");
        }
        return v.asText();
    }

    /** A number, or NaN when JMH wrote {@code "NaN"} (e.g. the error of a single iteration). */
    private static double number(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v != null && v.isNumber()) {
            return v.asDouble();
        }
        if (v != null && v.isTextual()) {
            try {
                return Double.parseDouble(v.asText());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(where + " has no number '" + field + "'");
    }
}
