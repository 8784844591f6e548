package dev.mil4j.core.pass;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The results of one pipeline run, pass by pass. */
public record PassReport(String pipeline, List<PassResult> results) {
    public PassReport {
        results = List.copyOf(results);
    }

    public long totalNanos() {
        return results.stream().mapToLong(PassResult::nanos).sum();
    }

    /** A table: one line per pass with its time and statistics. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "pipeline %s: %d passes, %.3f ms%n", pipeline, results.size(),
                totalNanos() / 1e6));
        for (PassResult r : results) {
            sb.append(String.format(Locale.ROOT, "  %-50s %9.3f ms", r.passId(), r.nanos() / 1e6));
            for (Map.Entry<String, Long> s : new TreeMap<>(r.statistics()).entrySet()) {
                sb.append("  ").append(s.getKey()).append('=').append(s.getValue());
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }
}
