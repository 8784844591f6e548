package dev.mil4j.cli;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.PluginInfo;
import dev.mil4j.converter.spi.Backend;
import dev.mil4j.converter.spi.ProgressListener;
import dev.mil4j.converter.spi.ReferenceModel;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.pass.PassManager;
import dev.mil4j.core.pass.PassPipeline;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code mil4j verify --layers}: where a mismatch starts. The translated program (the frontend's MIL, before the
 * target's passes) is run in the interpreter and compared with the source:
 * <ul>
 *   <li>when it already differs, the translation is wrong: with a runtime that exposes intermediate values (ONNX
 *       Runtime), each op's output is compared with the source tensor of the same name, and the first that diverges
 *       is named with its source node; with one that does not (PyTorch, TensorFlow), the first op whose source op
 *       a plugin translates is named, since those replace the frontend's tested translations;</li>
 *   <li>when it matches, a pass is wrong: the pipeline is replayed one pass at a time, and the first pass after which
 *       the outputs leave the tolerance is named, with the first op whose value it changes.</li>
 * </ul>
 */
final class LayerLocator {
    private final Converter converter;
    private final Path model;
    private final ConvertOptions options;
    private final Tolerance tolerance;

    LayerLocator(Converter converter, Path model, ConvertOptions options, Tolerance tolerance) {
        this.converter = converter;
        this.model = model;
        this.options = options.toBuilder().progressListener(ProgressListener.NONE).build();
        this.tolerance = tolerance;
    }

    List<String> locate(Verification.Result r) {
        Map<String, TensorValue> inputs = r.inputValues();
        Program translated = converter.load(model, options);
        Map<String, TensorValue> out = converter.run(translated, inputs);
        String runtime = r.runtime().id();
        if (Verification.compare(r.source(), out, tolerance).stream().allMatch(Comparison::passes)) {
            List<String> lines = new ArrayList<>();
            lines.add("layers: the translated program (before the passes) matches " + runtime
                    + "; the passes change the result");
            lines.addAll(findPass(out, inputs));
            return lines;
        }
        List<String> lines = new ArrayList<>();
        lines.add("layers: the translated program (before the passes) already differs from " + runtime
                + ": a translation error");
        try (ReferenceModel reference = r.runtime().load(model)) {
            if (reference.exposesIntermediates()) {
                lines.addAll(firstDiverging(translated, inputs, reference.intermediates(inputs), runtime));
                return lines;
            }
        }
        lines.addAll(pluginTranslated(translated, r.framework(), runtime));
        return lines;
    }

    /** The first op of the translated program whose value differs from the source tensor of its name. */
    private List<String> firstDiverging(Program translated, Map<String, TensorValue> inputs,
            Map<String, TensorValue> source, String runtime) {
        Map<String, String> byKey = new HashMap<>();
        source.keySet().forEach(n -> byKey.putIfAbsent(key(n), n));
        List<Operation> ops = topLevelOps(translated);
        Map<String, TensorValue> values = everyValue(translated, ops, inputs);
        int matched = 0;
        for (Operation op : ops) {
            for (Var v : op.outputs()) {
                String name = byKey.get(key(v.name()));
                TensorValue mine = values.get(v.name());
                if (name == null || mine == null) {
                    continue;
                }
                matched++;
                Comparison c = Comparison.of(v.name(), name, source.get(name), mine, tolerance);
                if (!c.passes()) {
                    return List.of("  first diverging op: " + describe(op) + ", from " + op.location().describe(),
                            "  its output %" + v.name() + " against " + runtime + "'s `" + name + "`: "
                                    + c.problem().orElse("max abs err " + VerifyReport.number(c.maxAbsError())
                                            + ", " + c.outside() + " of " + c.elements() + " elements outside"));
                }
            }
        }
        return List.of("  none of the " + matched + " values matched by name with " + runtime + "'s diverges; the "
                + "difference is in ops whose values " + runtime + " does not expose");
    }

    /** The first op whose source op is translated by a plugin other than the frontend's own. */
    private List<String> pluginTranslated(Program translated, String framework, String runtime) {
        String frontendPlugin = converter.plugins().plugins().stream()
                .filter(p -> p.contributions().contains("frontend " + framework)).map(PluginInfo::id).findFirst()
                .orElse("");
        var registry = converter.plugins().translations(framework);
        for (Operation op : topLevelOps(translated)) {
            String node = op.location().node();
            String sourceOp = node.contains(" ") ? node.substring(0, node.indexOf(' ')) : node;
            Optional<String> plugin = registry.registrations().stream()
                    .filter(g -> g.key().sourceOp().equals(sourceOp) && !g.registrant().equals(frontendPlugin))
                    .map(g -> g.registrant()).findFirst();
            if (plugin.isPresent()) {
                return List.of("  " + runtime + " exposes no intermediate values; the first op translated by a "
                        + "plugin's translation is " + describe(op) + ", from " + op.location().describe()
                        + " (translation of plugin '" + plugin.get() + "')");
            }
        }
        return List.of("  " + runtime + " exposes no intermediate values and no plugin replaces a translation this "
                + "model uses; export the model to ONNX and run verify --layers on that to compare node by node");
    }

    /** Replays the target's pipeline one pass at a time until the outputs leave the tolerance. */
    private List<String> findPass(Map<String, TensorValue> translatedOut, Map<String, TensorValue> inputs) {
        Backend backend = converter.plugins().backend(options.target()).orElseThrow();
        PassPipeline pipeline = converter.pipelineFor(backend, options);
        Program program = converter.load(model, options);
        PassManager passes = PassManager.of(converter.plugins().passes(), converter.plugins().ops());
        List<PassPipeline.Step> steps = pipeline.steps();
        for (int i = 0; i < steps.size(); i++) {
            Map<String, TensorValue> before = everyValue(program, topLevelOps(program), inputs);
            passes.run(program, single(steps.get(i)));
            Map<String, TensorValue> out = converter.run(program, inputs);
            if (Verification.compare(translatedOut, out, tolerance).stream().allMatch(Comparison::passes)) {
                continue;
            }
            List<String> lines = new ArrayList<>();
            lines.add("  pass " + steps.get(i) + " (" + (i + 1) + " of " + steps.size() + " in pipeline "
                    + pipeline.name() + ") moves the outputs outside the tolerance");
            List<Operation> ops = topLevelOps(program);
            Map<String, TensorValue> after = everyValue(program, ops, inputs);
            for (Operation op : ops) {
                for (Var v : op.outputs()) {
                    TensorValue was = before.get(v.name());
                    TensorValue is = after.get(v.name());
                    if (was != null && is != null && !Comparison.of(v.name(), v.name(), was, is, tolerance)
                            .passes()) {
                        lines.add("  first op it changes: " + describe(op) + ", from " + op.location().describe());
                        return lines;
                    }
                }
            }
            ops.stream().filter(op -> op.outputs().stream().noneMatch(v -> before.containsKey(v.name())))
                    .findFirst().ifPresent(op -> lines.add("  first op it creates: " + describe(op) + ", from "
                            + op.location().describe()));
            return lines;
        }
        return List.of("  no single pass moves the outputs outside the tolerance: the difference builds up over the "
                + "pipeline, or comes from writing and reading back the model");
    }

    private static PassPipeline single(PassPipeline.Step step) {
        PassPipeline p = PassPipeline.of("layers", step.passId());
        for (Map.Entry<String, String> o : step.options().entrySet()) {
            p = p.withOption(step.passId(), o.getKey(), o.getValue());
        }
        return p;
    }

    /**
     * The value of every tensor the ops compute, by var name: the program (a fresh copy, used once) is run with those
     * vars as its outputs.
     */
    private Map<String, TensorValue> everyValue(Program program, List<Operation> ops, Map<String, TensorValue> in) {
        List<Var> outputs = new ArrayList<>(program.main().outputs());
        List<Var> all = new ArrayList<>();
        for (Operation op : ops) {
            for (Var v : op.outputs()) {
                if (v.type() instanceof TensorType) {
                    all.add(v);
                }
            }
        }
        program.main().setOutputs(all);
        try {
            return new LinkedHashMap<>(converter.run(program, in));
        } finally {
            program.main().setOutputs(outputs);
        }
    }

    private static List<Operation> topLevelOps(Program program) {
        return program.main().body().operationList().stream().filter(op -> !op.type().equals(ConstOp.NAME))
                .toList();
    }

    private static String describe(Operation op) {
        return "%" + String.join(", %", op.outputs().stream().map(Var::name).toList()) + " = " + op.type() + "(...)";
    }

    /** A tensor name reduced to letters and digits, as the frontends sanitize names into MIL var names. */
    static String key(String name) {
        return name.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", "");
    }
}
