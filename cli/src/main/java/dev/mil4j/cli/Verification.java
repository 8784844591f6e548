package dev.mil4j.cli;

import static java.util.Objects.requireNonNull;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.ConvertedModel;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.ClassifierConfig;
import dev.mil4j.converter.spi.Frontend;
import dev.mil4j.converter.spi.ReferenceModel;
import dev.mil4j.converter.spi.ReferenceRuntime;
import dev.mil4j.converter.spi.ReferenceRuntimeException;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code mil4j verify}'s work, apart from the command line: converts a model (or reads a converted one), runs the
 * source model in its framework's {@link ReferenceRuntime} and the converted program in the reference interpreter on
 * the same inputs, and compares the outputs in order (a classifier's label and probabilities with the source's
 * probabilities classified alike).
 */
final class Verification {
    /** The module that brings each frontend's reference runtime, for the message when it is missing. */
    private static final Map<String, String> RUNTIME_MODULES = Map.of("onnx", "runtime-onnx",
            "pytorch", "runtime-pytorch", "tensorflow", "runtime-tensorflow");

    private final Converter converter;
    private final Path model;
    private final ConvertOptions options;
    private final Tolerance tolerance;

    Verification(Converter converter, Path model, ConvertOptions options, Tolerance tolerance) {
        this.converter = requireNonNull(converter, "converter is null");
        this.model = requireNonNull(model, "model is null");
        this.options = requireNonNull(options, "options is null");
        this.tolerance = requireNonNull(tolerance, "tolerance is null");
    }

    /** What was compared and how it came out. */
    record Result(ReferenceRuntime runtime, String framework, Map<String, String> inputs,
            Map<String, TensorValue> inputValues, List<Comparison> comparisons, Map<String, TensorValue> source) {
        boolean passes() {
            return comparisons.stream().allMatch(Comparison::passes);
        }
    }

    /** The runtime of the model's framework, or a usage error naming the module to add. */
    ReferenceRuntime runtime() {
        String framework = framework();
        return converter.plugins().referenceRuntime(framework).orElseThrow(() -> {
            String module = RUNTIME_MODULES.get(framework);
            String installed = converter.plugins().referenceRuntimes().isEmpty() ? "none"
                    : String.join(", ", converter.plugins().referenceRuntimes().stream()
                            .map(r -> r.id() + " (" + String.join(", ", r.frameworks()) + ")").toList());
            return new Mil4j.UsageException(module == null
                    ? "no reference runtime runs " + framework + " models, so `verify` cannot compare " + model
                            + " with its source; installed runtimes: " + installed
                    : "`verify` runs " + framework + " models in their own framework, but no reference runtime for "
                            + framework + " is installed (installed: " + installed + "). Add the module "
                            + module + ": unpack mil4j-" + module + "-VERSION-PLATFORM.tar.gz over the "
                            + "distribution (it adds plugins/" + module + "/), give that folder's parent with "
                            + "--plugin-dir, or put dev.mil4j:" + module + " and its dependencies on the class path");
        });
    }

    String framework() {
        Frontend<?> f = converter.frontend(model, options);
        return f.id();
    }

    /**
     * The converted program: {@code converted} read back when given, else the model converted with the options and,
     * when the target's backend reads its own files (ML Programs), written to a temporary folder and read back, so
     * that what runs is what the file holds.
     */
    Program convertedProgram(Optional<Path> converted, Consumer<Program> beforeSave) {
        if (converted.isPresent()) {
            Path file = converted.get();
            if (!Files.exists(file)) {
                throw new Mil4j.UsageException("--converted names " + file + ", which does not exist");
            }
            return converter.readBack(file).orElseThrow(() -> new Mil4j.UsageException("--converted " + file
                    + " is no model an installed backend reads back (an .mlpackage is)"));
        }
        ConvertedModel m = converter.convert(model, options);
        beforeSave.accept(m.program());
        Path dir = null;
        try {
            dir = Files.createTempDirectory("mil4j-verify");
            Path file = dir.resolve("model" + m.backend().fileExtension());
            m.save(file);
            return converter.readBack(file).orElse(m.program());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    /**
     * Runs both and compares. A classifier (the program ends in {@code classify}, or {@code classifier} configures a
     * NeuralNetwork one, whose program returns the probabilities only) is compared by its label and dictionary of
     * probabilities, the source's made from its probability output by the same rule. {@code given} holds the inputs given as arrays; every other input of the program gets
     * random values, from its seed in {@code seeds} or else {@code seed}.
     */
    Result run(Program program, Optional<ClassifierConfig> classifier, Map<String, TensorValue> given,
            Map<String, Long> seeds, long seed) {
        ReferenceRuntime runtime = runtime();
        SourceNameMapping names = SourceNameMapping.of(program); // inputs may be named as in the source model
        given = names.inputsByVar(given);
        seeds = names.inputsByVar(seeds);
        Map<String, TensorValue> inputs = new LinkedHashMap<>();
        Map<String, String> described = new LinkedHashMap<>();
        List<String> named = new ArrayList<>(given.keySet());
        named.addAll(seeds.keySet());
        for (String name : named) {
            if (program.main().inputs().stream().noneMatch(v -> v.name().equals(name))) {
                throw new Mil4j.UsageException("--input names '" + name + "', which is not an input of the converted "
                        + "model; its inputs: " + String.join(", ", program.main().inputs().stream().map(Var::name)
                                .toList()));
            }
        }
        for (Var in : program.main().inputs()) {
            TensorValue v = given.get(in.name());
            if (v != null) {
                described.put(in.name(), v.type() + " (given)");
            } else {
                long s = seeds.getOrDefault(in.name(), seed);
                v = RandomInputs.of(program.main(), in, s);
                described.put(in.name(), v.type() + " (random, seed " + s + ")");
            }
            inputs.put(in.name(), v);
        }
        Map<String, TensorValue> source;
        try (ReferenceModel reference = runtime.load(model)) {
            source = reference.run(names.inputsBySource(inputs));
        } catch (ReferenceRuntimeException e) {
            throw new ConversionException(Diagnostic.error(runtime.id() + ": " + e.getMessage()));
        }
        Map<String, Value> converted = converter.runValues(program, scalarsAsDeclared(program, inputs));
        Optional<ClassifierOutputs> classifies = ClassifierOutputs.inProgram(program).or(() -> classifier.map(
                c -> ClassifierOutputs.of(c, program.main().outputs().get(0).name())));
        List<Comparison> comparisons = classifies.isPresent()
                ? compareClassifier(classifies.get(), source, converted, tolerance)
                : compare(source, tensors(converted), tolerance);
        return new Result(runtime, framework(), described, inputs, comparisons, source);
    }

    /**
     * Scalar arrays given for inputs of shape [1] (a frontend gives scalar source inputs that shape at the
     * interface) reshaped for the converted model; the source framework gets them as given.
     */
    private static Map<String, TensorValue> scalarsAsDeclared(Program program, Map<String, TensorValue> inputs) {
        Map<String, TensorValue> out = new LinkedHashMap<>(inputs);
        for (Var in : program.main().inputs()) {
            TensorValue v = out.get(in.name());
            if (v != null && v.shape().rank() == 0 && in.type() instanceof TensorType t
                    && t.shape().equals(Shape.of(1))) {
                out.put(in.name(), v.reshape(t.shape()));
            }
        }
        return out;
    }

    /**
     * The outputs side by side: by name when the converted model keeps some of the source's outputs (names compared
     * as the frontends sanitize them), else in order (TorchScript's outputs have no names).
     */
    static List<Comparison> compare(Map<String, TensorValue> source, Map<String, TensorValue> converted,
            Tolerance tolerance) {
        Map<String, String> sourceByKey = new LinkedHashMap<>();
        source.keySet().forEach(n -> sourceByKey.putIfAbsent(LayerLocator.key(n), n));
        boolean byName = converted.size() < source.size()
                && converted.keySet().stream().allMatch(n -> sourceByKey.containsKey(LayerLocator.key(n)));
        if (!byName && source.size() != converted.size()) {
            throw new ConversionException(Diagnostic.error("the source model has " + source.size() + " outputs ("
                    + String.join(", ", source.keySet()) + ") but the converted one " + converted.size() + " ("
                    + String.join(", ", converted.keySet()) + "); they cannot be paired")
                    .withHint("name outputs the source model has with --output-name, or compare the full models"));
        }
        List<Comparison> out = new ArrayList<>();
        List<String> sourceNames = new ArrayList<>(source.keySet());
        int i = 0;
        for (Map.Entry<String, TensorValue> c : converted.entrySet()) {
            String s = byName ? sourceByKey.get(LayerLocator.key(c.getKey())) : sourceNames.get(i);
            out.add(Comparison.of(c.getKey(), s, source.get(s), c.getValue(), tolerance));
            i++;
        }
        return out;
    }

    /**
     * A classifier's label and probabilities beside the source's: its output of the probabilities (the one of the
     * name the classifier reads, else the first) classified by the same rule as the converted model's.
     */
    static List<Comparison> compareClassifier(ClassifierOutputs classifier, Map<String, TensorValue> source,
            Map<String, Value> converted, Tolerance tolerance) {
        if (source.isEmpty()) {
            throw new ConversionException(Diagnostic.error("the source model returned no output to compare with the "
                    + "classifier's"));
        }
        String key = LayerLocator.key(classifier.probabilitiesVar());
        String sourceName = source.keySet().stream().filter(n -> LayerLocator.key(n).equals(key)).findFirst()
                .orElse(source.keySet().iterator().next());
        Map<String, Value> expected;
        try {
            expected = classifier.classify(source.get(sourceName));
        } catch (IllegalArgumentException e) {
            throw new ConversionException(Diagnostic.error("the source's output `" + sourceName + "` cannot be "
                    + "classified with the converted model's " + classifier.classes().elementCount() + " labels: "
                    + e.getMessage()).withHint("give one label per element of the probability output"));
        }
        Map<String, Value> actual = converted.get(classifier.probabilitiesName()) instanceof Value.Dictionary
                ? converted : classifier.classify(converted.get(classifier.probabilitiesVar()).tensor());
        List<Comparison> out = new ArrayList<>();
        expected.forEach((name, e) -> out.add(Comparison.of(name, sourceName, e, actual.get(name), tolerance)));
        return out;
    }

    private static Map<String, TensorValue> tensors(Map<String, Value> values) {
        Map<String, TensorValue> out = new LinkedHashMap<>();
        values.forEach((name, v) -> {
            if (!(v instanceof Value.Tensor t)) {
                throw new ConversionException(Diagnostic.error("output `" + name + "` of the converted model is a "
                        + v.type() + ", which only a classifier's probabilities are"));
            }
            out.put(name, t.value());
        });
        return out;
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is no reason to fail the verification
        }
    }
}
