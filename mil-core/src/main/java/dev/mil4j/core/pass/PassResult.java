package dev.mil4j.core.pass;

import java.util.Map;

/** What one pass did in one run: its id, how long it took and its statistics. */
public record PassResult(String passId, long nanos, Map<String, Long> statistics) {
    public PassResult {
        statistics = Map.copyOf(statistics);
    }
}
