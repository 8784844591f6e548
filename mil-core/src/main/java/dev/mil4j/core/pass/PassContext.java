package dev.mil4j.core.pass;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.op.OpRegistry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one run of one pass sees: the op registry, its option values, and counters for its statistics. */
public final class PassContext {
    private final OpRegistry registry;
    private final Map<String, Object> options;
    private final Map<String, Long> statistics = new LinkedHashMap<>();

    PassContext(OpRegistry registry, Map<String, Object> options) {
        this.registry = requireNonNull(registry, "registry is null");
        this.options = options;
    }

    /** A context with default options, for running a pass on its own (tests, tools). */
    public static PassContext withDefaults(OpRegistry registry) {
        return new PassContext(registry, Map.of());
    }

    public OpRegistry registry() {
        return registry;
    }

    /** The option's value in this run, or its default. */
    public <T> T option(PassOption<T> option) {
        Object v = options.get(option.name());
        return v == null ? option.defaultValue() : option.type().cast(v);
    }

    /** Adds {@code n} to statistic {@code name} (e.g. "ops_removed"). */
    public void count(String name, long n) {
        statistics.merge(name, n, Long::sum);
    }

    public Map<String, Long> statistics() {
        return Collections.unmodifiableMap(statistics);
    }
}
