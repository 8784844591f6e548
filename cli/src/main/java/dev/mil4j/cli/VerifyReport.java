package dev.mil4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code mil4j verify} prints (a table, one row per output) and writes with {@code --report} (JSON). */
final class VerifyReport {
    private VerifyReport() {
    }

    static String table(String model, String target, Verification.Result r, Tolerance tol, List<String> layers) {
        StringBuilder sb = new StringBuilder();
        sb.append("verify ").append(model).append(": ").append(r.runtime().description()).append(" beside the ")
                .append(target).append(" in mil4j's interpreter (atol ").append(number(tol.atol())).append(", rtol ")
                .append(number(tol.rtol())).append(")\n");
        r.inputs().forEach((name, what) -> sb.append("  input ").append(name).append(": ").append(what).append('\n'));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"output", "shape", "max abs err", "max rel err", "outside", "top-1", "result"});
        for (Comparison c : r.comparisons()) {
            String name = c.name().equals(c.sourceName()) ? c.name() : c.name() + " (" + c.sourceName() + ")";
            rows.add(new String[] {name, c.shape(), number(c.maxAbsError()), number(c.maxRelError()),
                    percent(c.outsideShare()), c.top1().map(a -> a + "/" + c.rows()).orElse("-"),
                    c.passes() ? "ok" : c.problem().orElse("MISMATCH")});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]).append(" ".repeat(i == row.length - 1 ? 0 : widths[i] - row[i].length() + 2));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        long failed = r.comparisons().stream().filter(c -> !c.passes()).count();
        int n = r.comparisons().size();
        sb.append(failed == 0 ? "verified: " + (n == 1 ? "the output is" : "all " + n + " outputs are")
                + " within tolerance" : "MISMATCH: " + failed + " of " + n + " output" + (n == 1 ? "" : "s")
                + " outside tolerance" + (layers.isEmpty() ? " (--layers finds the first op that diverges)" : ""))
                .append('\n');
        for (String l : layers) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }

    static void writeJson(Path file, String model, String target, Verification.Result r, Tolerance tol,
            List<String> layers) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", model);
        root.put("framework", r.framework());
        root.put("runtime", r.runtime().id());
        root.put("runtimeDescription", r.runtime().description());
        root.put("target", target);
        root.put("atol", tol.atol());
        root.put("rtol", tol.rtol());
        root.put("inputs", r.inputs());
        List<Map<String, Object>> outputs = new ArrayList<>();
        for (Comparison c : r.comparisons()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", c.name());
            o.put("sourceName", c.sourceName());
            o.put("shape", c.shape());
            c.problem().ifPresent(p -> o.put("problem", p));
            o.put("maxAbsError", finite(c.maxAbsError()));
            o.put("maxRelError", finite(c.maxRelError()));
            o.put("outside", c.outside());
            o.put("elements", c.elements());
            c.top1().ifPresent(a -> {
                o.put("top1Agree", a);
                o.put("top1Rows", c.rows());
            });
            o.put("passes", c.passes());
            outputs.add(o);
        }
        root.put("outputs", outputs);
        root.put("passes", r.passes());
        if (!layers.isEmpty()) {
            root.put("layers", layers);
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, Json.write(root) + "\n");
        } catch (IOException e) {
            throw new Mil4j.UsageException("cannot write the report " + file + ": " + e.getMessage());
        }
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : String.valueOf(v);
    }

    static String number(double v) {
        return Double.isNaN(v) ? "-" : v == 0 ? "0" : String.format(Locale.ROOT, "%.2e", v);
    }

    private static String percent(double share) {
        return share == 0 ? "0%" : String.format(Locale.ROOT, "%.2f%%", 100 * share);
    }
}
