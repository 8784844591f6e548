package dev.mil4j.core.pass;

import dev.mil4j.core.registry.Registration;
import dev.mil4j.core.registry.Registry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The known passes by id and the named pipelines. Duplicate ids (of passes or pipelines) are rejected unless
 * registered as an explicit override, naming both registrants (see {@link Registry}).
 */
public final class PassRegistry {
    private final Registry<String, Pass> passes = new Registry<>("pass");
    private final Registry<String, PassPipeline> pipelines = new Registry<>("pipeline");

    public void register(Pass pass, String registrant) {
        register(pass, registrant, false);
    }

    public void register(Pass pass, String registrant, boolean override) {
        passes.register(pass.id(), pass, registrant, override);
    }

    public void registerPipeline(PassPipeline pipeline, String registrant, boolean override) {
        pipelines.register(pipeline.name(), pipeline, registrant, override);
    }

    public Optional<Pass> pass(String id) {
        return passes.value(id);
    }

    public List<Registration<String, Pass>> passRegistrations() {
        return passes.registrations();
    }

    public List<String> passIds() {
        return passes.keys().stream().sorted().toList();
    }

    /** A registered pipeline; an {@link IllegalArgumentException} listing the known ones otherwise. */
    public PassPipeline pipeline(String name) {
        return pipelines.value(name).orElseThrow(() -> new IllegalArgumentException("unknown pipeline '" + name
                + "'; known pipelines: " + String.join(", ", pipelineNames())));
    }

    public List<String> pipelineNames() {
        return pipelines.keys().stream().sorted().toList();
    }

    /**
     * Checks that every pass of the pipeline is registered and every option is one the pass declares, with a value
     * of the right type; an {@link IllegalArgumentException} lists the known passes or options otherwise.
     */
    public void validate(PassPipeline pipeline) {
        for (PassPipeline.Step step : pipeline.steps()) {
            Pass pass = pass(step.passId()).orElseThrow(() -> new IllegalArgumentException("unknown pass '"
                    + step.passId() + "' in pipeline '" + pipeline.name() + "'; known passes: "
                    + String.join(", ", passIds())));
            parseOptions(pass, step);
        }
    }

    /** The typed option values of one step. */
    Map<String, Object> parseOptions(Pass pass, PassPipeline.Step step) {
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<String, String> e : step.options().entrySet()) {
            PassOption<?> option = pass.options().stream().filter(o -> o.name().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("pass '" + pass.id() + "' has no option '"
                            + e.getKey() + "'; its options: " + (pass.options().isEmpty() ? "(none)"
                                    : pass.options().stream().map(PassOption::name)
                                            .collect(Collectors.joining(", ")))));
            values.put(option.name(), option.parse(e.getValue()));
        }
        return values;
    }
}
