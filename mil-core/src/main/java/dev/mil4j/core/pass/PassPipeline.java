package dev.mil4j.core.pass;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A named, ordered list of pass invocations (pass id plus textual options). Immutable: every edit returns a new
 * pipeline. Edits that refer to a pass not in the pipeline fail with a message listing the passes it has; pass ids
 * and options are checked against a {@link PassRegistry} by {@link PassRegistry#validate(PassPipeline)}.
 */
public final class PassPipeline {
    /** One pass invocation. */
    public record Step(String passId, Map<String, String> options) {
        public Step {
            requireNonNull(passId, "passId is null");
            options = Map.copyOf(options);
        }

        @Override
        public String toString() {
            return options.isEmpty() ? passId : passId + new java.util.TreeMap<>(options);
        }
    }

    private final String name;
    private final List<Step> steps;

    private PassPipeline(String name, List<Step> steps) {
        this.name = requireNonNull(name, "name is null");
        this.steps = List.copyOf(steps);
    }

    public static PassPipeline of(String name, List<String> passIds) {
        return new PassPipeline(name, passIds.stream().map(id -> new Step(id, Map.of())).toList());
    }

    public static PassPipeline of(String name, String... passIds) {
        return of(name, List.of(passIds));
    }

    public static PassPipeline empty() {
        return new PassPipeline("empty", List.of());
    }

    public String name() {
        return name;
    }

    public List<Step> steps() {
        return steps;
    }

    public List<String> passIds() {
        return steps.stream().map(Step::passId).toList();
    }

    public PassPipeline renamed(String newName) {
        return new PassPipeline(newName, steps);
    }

    public PassPipeline append(String passId) {
        List<Step> s = new ArrayList<>(steps);
        s.add(new Step(passId, Map.of()));
        return new PassPipeline(name, s);
    }

    /** Inserts {@code passId} before the first occurrence of {@code anchor}. */
    public PassPipeline insertBefore(String anchor, String passId) {
        List<Step> s = new ArrayList<>(steps);
        s.add(indexOf(anchor), new Step(passId, Map.of()));
        return new PassPipeline(name, s);
    }

    /** Inserts {@code passId} after the first occurrence of {@code anchor}. */
    public PassPipeline insertAfter(String anchor, String passId) {
        List<Step> s = new ArrayList<>(steps);
        s.add(indexOf(anchor) + 1, new Step(passId, Map.of()));
        return new PassPipeline(name, s);
    }

    /** Removes every occurrence of {@code passId}. */
    public PassPipeline remove(String passId) {
        indexOf(passId);
        return new PassPipeline(name, steps.stream().filter(s -> !s.passId().equals(passId)).toList());
    }

    /** Replaces every occurrence of {@code passId} by {@code replacement} (options are dropped). */
    public PassPipeline replace(String passId, String replacement) {
        indexOf(passId);
        return new PassPipeline(name, steps.stream()
                .map(s -> s.passId().equals(passId) ? new Step(replacement, Map.of()) : s).toList());
    }

    /** Sets an option on every occurrence of {@code passId}. */
    public PassPipeline withOption(String passId, String option, String value) {
        indexOf(passId);
        return new PassPipeline(name, steps.stream().map(s -> {
            if (!s.passId().equals(passId)) {
                return s;
            }
            Map<String, String> o = new LinkedHashMap<>(s.options());
            o.put(option, value);
            return new Step(s.passId(), o);
        }).toList());
    }

    private int indexOf(String passId) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).passId().equals(passId)) {
                return i;
            }
        }
        throw new IllegalArgumentException("pipeline '" + name + "' has no pass '" + passId + "'; its passes are: "
                + (steps.isEmpty() ? "(none)" : steps.stream().map(Step::passId).distinct()
                        .collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return name + steps;
    }
}
