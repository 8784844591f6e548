package dev.mil4j.converter;

import static java.util.Objects.requireNonNull;

import dev.mil4j.converter.PluginSet.LoadedPlugin;
import dev.mil4j.converter.spi.Backend;
import dev.mil4j.converter.spi.Frontend;
import dev.mil4j.converter.spi.FrontendContext;
import dev.mil4j.converter.spi.ImagePreprocessing;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.converter.spi.ProgressListener;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.PassManager;
import dev.mil4j.core.pass.PassPipeline;
import dev.mil4j.core.pass.PassReport;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.DimBound;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.Interpreter;
import dev.mil4j.interpreter.InterpreterException;
import dev.mil4j.interpreter.InterpreterSession;
import dev.mil4j.interpreter.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Converts models: picks the frontend (from the options, or the one that accepts the file), translates the model to
 * MIL, runs the target backend's pass pipeline with the user's edits, lets the backend check the program (every
 * problem, not just the first) and returns a {@link ConvertedModel} to save.
 *
 * <p>A converter is immutable and safe to use from many threads at once: each conversion has its own program.
 *
 * <pre>{@code
 * Converter converter = Converter.builder().discoverPlugins().pluginJar(Path.of("custom-topk.jar")).build();
 * converter.convert(Path.of("model.pb"), ConvertOptions.builder().target("neuralnetwork").build())
 *          .save(Path.of("model.mlmodel"));
 * }</pre>
 */
public final class Converter {
    /** The version of mil4j. */
    public static final String VERSION = "0.1.0";

    private final PluginSet plugins;

    private Converter(PluginSet plugins) {
        this.plugins = plugins;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The registries built from the plugins. */
    public PluginSet plugins() {
        return plugins;
    }

    /**
     * Translates, optimizes and checks a model.
     *
     * @throws ConversionException with every diagnostic when the model cannot be converted
     */
    public ConvertedModel convert(Path model, ConvertOptions options) {
        requireNonNull(model, "model is null");
        requireNonNull(options, "options is null");
        Backend backend = backend(options);
        Program program = load(model, options);
        checkInterface(program, options);
        Stages stages = Stages.of(options.progressListener());
        stages.start(ProgressListener.PASSES);
        PassReport report = runPipeline(program, pipelineFor(backend, options), options, options.progressListener());
        backend.finishProgram(program, options, plugins.ops());
        stages.start(ProgressListener.CHECK);
        List<Diagnostic> diagnostics = backend.check(program, options);
        stages.finish();
        if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
            throw new ConversionException(diagnostics);
        }
        return new ConvertedModel(program, backend, options, report, diagnostics);
    }

    /**
     * Translates a model to MIL with its frontend, gives the inputs' symbolic dimensions the ranges of the input
     * types ({@code Function.dimBound}) and runs the frontend's own cleanup pipeline, without the target's pipeline
     * (to inspect or run it).
     */
    public Program load(Path model, ConvertOptions options) {
        if (!Files.exists(model)) {
            throw new ConversionException(Diagnostic.error("model " + model + " does not exist"));
        }
        Frontend<?> frontend = frontend(model, options);
        Stages stages = Stages.of(options.progressListener());
        stages.start(ProgressListener.LOAD);
        Program program = translate(frontend, model, options.forFrontend().toBuilder().progressListener(stages)
                .build());
        putDimBounds(program, options);
        if (frontend.pipeline().isPresent()) {
            // the frontend's cleanup is part of its translation; its passes are not the target's
            stages.enter(ProgressListener.TRANSLATE);
            runPipeline(program, plugins.passes().pipeline(frontend.pipeline().get()), options,
                    ProgressListener.NONE);
        }
        stages.finish();
        return program;
    }

    private <T> Program translate(Frontend<T> frontend, Path model, ConvertOptions options) {
        return frontend.load(model, new FrontendContext<>(options, plugins.ops(), plugins.translations(frontend)));
    }

    /**
     * Puts the ranges the input types give symbolic dimensions on the functions whose inputs have those dimensions,
     * where the backends read them (replacing a range a MIL text gave).
     */
    private static void putDimBounds(Program program, ConvertOptions options) {
        Map<String, DimBound> bounds = options.dimBounds();
        for (Function f : program.functions()) {
            bounds.forEach((symbol, bound) -> {
                if (f.isInputSymbol(symbol)) {
                    f.setDimBound(symbol, bound);
                }
            });
        }
    }

    /** Stops with every problem of the interface options (image inputs) against the translated program. */
    private static void checkInterface(Program program, ConvertOptions options) {
        List<Diagnostic> problems = ImagePreprocessing.check(program, options);
        if (!problems.isEmpty()) {
            throw new ConversionException(problems);
        }
    }

    /**
     * The program {@link #run} executes: a model a backend reads back (an {@code .mlpackage}) as it is, or a source
     * model translated and optimized with the pipeline of the target in {@code options}, exactly as {@link #convert}
     * would, without the backend's check (nothing is written), with the scale and bias of image inputs as ops (what
     * every target computes before the model's first op).
     *
     * @throws ConversionException with every diagnostic when the model cannot be read or converted
     */
    public Program loadRunnable(Path model, ConvertOptions options) {
        requireNonNull(model, "model is null");
        requireNonNull(options, "options is null");
        Optional<Program> written = readBack(model);
        if (written.isPresent()) {
            return written.get();
        }
        Backend backend = backend(options);
        Program program = load(model, options);
        checkInterface(program, options);
        Stages stages = Stages.of(options.progressListener());
        stages.start(ProgressListener.PASSES);
        runPipeline(program, pipelineFor(backend, options), options, options.progressListener());
        // every target applies an image's scale and bias before the model's first op; the interpreter runs them
        ImagePreprocessing.insert(program, options.imageInputs(), plugins.ops());
        stages.finish();
        return program;
    }

    /** The program in {@code model} when an installed backend reads it back (e.g. an {@code .mlpackage}). */
    public Optional<Program> readBack(Path model) {
        requireNonNull(model, "model is null");
        for (Backend b : plugins.backends()) {
            Optional<Program> p = b.read(model, plugins.ops());
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    /**
     * Runs a model in the reference interpreter with the built-in kernels and the plugins' (custom ops run when
     * their plugin contributes a kernel): {@link #loadRunnable}, then {@link #run(Program, Map)}.
     *
     * @param inputs the values of the model's inputs, by input name
     * @return the outputs by name, in the model's output order
     * @throws ConversionException when the model cannot be converted, an input does not fit, or an op fails
     */
    public Map<String, TensorValue> run(Path model, ConvertOptions options, Map<String, TensorValue> inputs) {
        return run(loadRunnable(model, options), inputs);
    }

    /**
     * Runs the {@code main} function of a program in the reference interpreter. Inputs of another numeric dtype
     * than the function declares are cast to it (numpy writes float64 and int64 by default); shapes must fit.
     *
     * @return the outputs by name, in output order
     * @throws ConversionException naming the input or op when the program cannot be run
     */
    public Map<String, TensorValue> run(Program program, Map<String, TensorValue> inputs) {
        requireNonNull(program, "program is null");
        requireNonNull(inputs, "inputs is null");
        try {
            return new Interpreter(plugins.kernels()).run(program, cast(program.main(), inputs));
        } catch (InterpreterException e) {
            throw new ConversionException(Diagnostic.error(e.getMessage()));
        }
    }

    /**
     * Runs the {@code main} function of a program as {@link #run(Program, Map)} does, for programs whose outputs
     * may be dictionaries as well as tensors (an ML Program classifier's probabilities, from {@code classify}).
     *
     * @return the outputs by name, in output order: {@link Value.Tensor}s and {@link Value.Dictionary}s
     * @throws ConversionException naming the input or op when the program cannot be run
     */
    public Map<String, Value> runValues(Program program, Map<String, TensorValue> inputs) {
        requireNonNull(program, "program is null");
        requireNonNull(inputs, "inputs is null");
        try {
            return new Interpreter(plugins.kernels()).runValues(program.main(), cast(program.main(), inputs));
        } catch (InterpreterException e) {
            throw new ConversionException(Diagnostic.error(e.getMessage()));
        }
    }

    /**
     * Runs the program's main function once per step, its states (iOS18) kept from step to step as Core ML keeps
     * them across predictions (they start as zeros); inputs are cast as in {@link #run(Program, Map)}.
     *
     * @param steps each step's inputs, by input name
     * @return each step's outputs, by name, in output order
     * @throws ConversionException naming the step, input or op when a step cannot be run
     */
    public List<Map<String, TensorValue>> runSteps(Program program, List<Map<String, TensorValue>> steps) {
        requireNonNull(program, "program is null");
        requireNonNull(steps, "steps is null");
        InterpreterSession session = new Interpreter(plugins.kernels()).session(program.main());
        List<Map<String, TensorValue>> out = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            try {
                out.add(session.run(cast(program.main(), steps.get(i))));
            } catch (InterpreterException e) {
                throw new ConversionException(Diagnostic.error("step " + (i + 1) + " of " + steps.size() + ": "
                        + e.getMessage()));
            }
        }
        return out;
    }

    /** The inputs, numeric ones of another dtype than the function declares cast to it. */
    private static Map<String, TensorValue> cast(Function function, Map<String, TensorValue> inputs) {
        Map<String, TensorValue> cast = new LinkedHashMap<>(inputs);
        for (Var in : function.inputs()) {
            TensorValue v = cast.get(in.name());
            if (v != null && in.type() instanceof TensorType t && t.dtype() != v.dtype()
                    && isNumeric(t.dtype()) && isNumeric(v.dtype())) {
                cast.put(in.name(), v.cast(t.dtype()));
            }
        }
        return cast;
    }

    private static boolean isNumeric(DType d) {
        return d != DType.STRING && d != DType.BOOL;
    }

    /**
     * The pipeline a conversion runs: the backend's, with the user's edits applied, then the passes the backend
     * requires ({@link Backend#requiredPasses}).
     */
    public PassPipeline pipelineFor(Backend backend, ConvertOptions options) {
        PassPipeline pipeline = plugins.passes().pipeline(backend.pipeline(options));
        try {
            for (var edit : options.pipelineEdits()) {
                pipeline = edit.applyTo(pipeline);
            }
            for (String required : backend.requiredPasses(options)) {
                pipeline = pipeline.append(required);
            }
            plugins.passes().validate(pipeline);
        } catch (IllegalArgumentException e) {
            throw new ConversionException(Diagnostic.error(e.getMessage())
                    .withHint("`mil4j ops` and the README list the passes of each pipeline"));
        }
        return pipeline;
    }

    private PassReport runPipeline(Program program, PassPipeline pipeline, ConvertOptions options,
            ProgressListener listener) {
        return PassManager.of(plugins.passes(), plugins.ops())
                .verifyingEachPass(options.verifyEachPass())
                .withListener(ProgressListener.passListener(listener))
                .run(program, pipeline);
    }

    private Backend backend(ConvertOptions options) {
        return plugins.backend(options.target()).orElseThrow(() -> new ConversionException(Diagnostic.error(
                "unknown target '" + options.target() + "'; installed backends: " + names(plugins.backends().stream()
                        .map(Backend::id).toList()))
                .withHint("add the backend's module to the class or module path")));
    }

    /**
     * The frontend that reads {@code model}: the one the options name ({@code framework}), else the one installed
     * frontend that accepts the file.
     *
     * @throws ConversionException when none or several do, or the named one is not installed
     */
    public Frontend<?> frontend(Path model, ConvertOptions options) {
        if (options.framework().isPresent()) {
            String id = options.framework().get();
            return plugins.frontend(id).orElseThrow(() -> new ConversionException(Diagnostic.error(
                    "unknown framework '" + id + "'; installed frontends: " + frontendList())));
        }
        List<Frontend<?>> candidates = new ArrayList<>();
        for (Frontend<?> f : plugins.frontends()) {
            if (f.accepts(model)) {
                candidates.add(f);
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            throw new ConversionException(Diagnostic.error("no installed frontend reads " + model
                    + "; installed frontends: " + frontendList())
                    .withHint("name the framework explicitly (--framework), or install its frontend"));
        }
        throw new ConversionException(Diagnostic.error("several frontends read " + model + ": "
                + names(candidates.stream().map(Frontend::id).toList()))
                .withHint("name the framework explicitly (--framework)"));
    }

    private String frontendList() {
        return plugins.frontends().isEmpty() ? "(none)" : plugins.frontends().stream()
                .map(f -> f.id() + " (" + f.description() + ")").collect(Collectors.joining(", "));
    }

    private static String names(List<String> ids) {
        return ids.isEmpty() ? "(none)" : String.join(", ", ids);
    }

    /** Collects plugins, then assembles the registries. */
    public static final class Builder {
        private final List<LoadedPlugin> plugins = new ArrayList<>();

        private Builder() {
            plugins.add(new LoadedPlugin(new CorePlugin(), "built in"));
        }

        /** Adds the plugins found by {@link java.util.ServiceLoader} on the module path and the class path. */
        public Builder discoverPlugins() {
            for (LoadedPlugin p : PluginLoader.discover()) {
                if (!(p.plugin() instanceof CorePlugin)) {
                    plugins.add(p);
                }
            }
            return this;
        }

        /** Adds a plugin instance. */
        public Builder plugin(Mil4jPlugin plugin) {
            plugins.add(new LoadedPlugin(requireNonNull(plugin, "plugin is null"), "given"));
            return this;
        }

        /** Adds the plugins of a jar, loaded in a class loader of its own. */
        public Builder pluginJar(Path jar) {
            plugins.addAll(PluginLoader.fromJar(jar));
            return this;
        }

        /** Adds the plugins of every jar in a directory. */
        public Builder pluginDirectory(Path dir) {
            plugins.addAll(PluginLoader.fromDirectory(dir));
            return this;
        }

        /**
         * Assembles the registries.
         *
         * @throws PluginException when plugins collide or cannot be loaded
         */
        public Converter build() {
            return new Converter(PluginSet.assemble(plugins));
        }
    }
}
