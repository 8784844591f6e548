package dev.mil4j.cli;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.ClassifierConfig;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mil4j verify MODEL ...}: converts a model, runs the source model in its own framework (a reference runtime
 * plugin) and the converted one in the interpreter on the same inputs, and compares every output. Exit code 0 when
 * all are within tolerance, 1 when one is not (or the conversion fails), 2 for usage errors such as a missing
 * runtime.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Convert a model and check that the converted model computes what the source model computes in "
                + "its own framework (ONNX Runtime, PyTorch, TensorFlow), on given or random inputs.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "the source model (TorchScript .pt, ONNX .onnx, "
            + "TensorFlow .pb or SavedModel)")
    Path model;

    @Option(names = "--input", paramLabel = "NAME=FILE.npy|NAME=random[:SEED]|NAME:DIMS[:DTYPE]",
            description = "an input's value (an array, or random values from a seed), or the shape to convert it "
                    + "with as in convert (TorchScript needs these); inputs without a value are random (repeatable)")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "the seed of random inputs (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--converted", paramLabel = "FILE.mlpackage",
            description = "compare this converted model instead of converting MODEL")
    Path converted;

    @Option(names = "--atol", paramLabel = "A", description = "absolute tolerance (default by "
            + "--precision: fp32 1e-4, fp16 1e-3)")
    Double atol;

    @Option(names = "--rtol", paramLabel = "R", description = "relative tolerance (default by "
            + "--precision: fp32 1e-4, fp16 1e-2)")
    Double rtol;

    @Option(names = "--report", paramLabel = "FILE.json", description = "also write the comparison as JSON")
    Path report;

    @Option(names = "--layers", description = "on a mismatch, find the first op whose value diverges and the source "
            + "node it comes from, and tell a translation error from a pass error")
    boolean layers;

    @Mixin
    ConversionFlags conversion;

    @Mixin
    CompressionOptions compression;

    @Mixin
    OutputOptions output;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
        ProgressDisplay display = output.display();
        ConvertOptions.Builder b = conversion.builder(null).progressListener(display);
        Optional<Precision> requested = Optional.ofNullable(conversion.precisionOr(null));
        String to = conversion.to;
        Map<String, TensorValue> given = new LinkedHashMap<>();
        Map<String, Long> seeds = new LinkedHashMap<>();
        for (String in : inputs) {
            parseInput(in, b, given, seeds);
        }
        given.forEach((name, v) -> b.input(InputType.of(name, v.shape())));
        ConvertOptions options;
        try {
            options = b.build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Precision effective = requested.orElse(to.equals(ConvertOptions.MLPROGRAM) ? Precision.FP16
                : Precision.FP32);
        Tolerance tolerance = Tolerance.of(effective, atol, rtol);
        Converter converter = plugins.converter();
        Verification verification = new Verification(converter, model, options, tolerance);
        if (compression.requested() && (converted != null || !to.equals(ConvertOptions.MLPROGRAM))) {
            throw usage("weight compression on verify compresses the ML Program it converts (--to mlprogram, "
                    + "without --converted)");
        }
        verification.runtime(); // a missing runtime is said before any work
        Verification.Result result;
        List<String> findings = List.of();
        try (display) {
            Program program = verification.convertedProgram(Optional.ofNullable(converted), p -> compress(p,
                    converter, display));
            result = verification.run(program, options.classifier().or(this::savedClassifier), given, seeds, seed);
            if (layers && !result.passes()) {
                findings = new LayerLocator(converter, model, options, tolerance).locate(result);
            }
        }
        String targetName = converted != null ? converted.getFileName().toString()
                : (to.equals(ConvertOptions.MLPROGRAM) ? "ML Program" : "NeuralNetwork model") + " (" + effective
                        + ")";
        spec.commandLine().getOut().print(VerifyReport.table(model.toString(), targetName, result, tolerance,
                findings));
        if (report != null) {
            VerifyReport.writeJson(report, model.toString(), targetName, result, tolerance, findings);
        }
        return result.passes() ? Mil4j.OK : Mil4j.DIAGNOSTICS;
    }

    /** The labels of a NeuralNetwork classifier given with {@code --converted}, whose program returns probabilities. */
    private Optional<ClassifierConfig> savedClassifier() {
        if (converted == null) {
            return Optional.empty();
        }
        try {
            return SavedModels.classifier(converted);
        } catch (IOException e) {
            throw usage("cannot read " + converted + ": " + e.getMessage());
        }
    }

    /** The weight compression convert would apply ({@code --quantize}, ...), so that what is verified is it. */
    private void compress(Program program, Converter converter, ProgressDisplay display) {
        if (compression.requested()) {
            display.message(CompressionOptions.summary(compression.apply(program, converter.plugins().ops())));
        }
    }

    /** {@code NAME=FILE.npy}, {@code NAME=random[:SEED]} or a convert-style {@code NAME:DIMS[:DTYPE]}. */
    private static void parseInput(String in, ConvertOptions.Builder options, Map<String, TensorValue> given,
            Map<String, Long> seeds) {
        int eq = in.indexOf('=');
        int colon = in.indexOf(':');
        if (eq < 0 || (colon >= 0 && colon < eq)) {
            try {
                options.input(InputType.parse(in));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            return;
        }
        String name = in.substring(0, eq);
        String value = in.substring(eq + 1);
        if (name.isEmpty() || value.isEmpty()) {
            throw usage("bad --input '" + in + "': expected NAME=FILE.npy, NAME=random[:SEED] or NAME:DIMS");
        }
        if (given.containsKey(name) || seeds.containsKey(name)) {
            throw usage("input '" + name + "' is given twice");
        }
        if (value.equals("random") || value.startsWith("random:")) {
            String s = value.substring("random".length());
            try {
                seeds.put(name, s.isEmpty() ? 0L : Long.parseLong(s.substring(1)));
            } catch (NumberFormatException e) {
                throw usage("bad --input '" + in + "': the seed after random: must be an integer");
            }
            return;
        }
        Path file = Path.of(value);
        try {
            given.put(name, Npy.read(file));
        } catch (IOException e) {
            throw usage("cannot read input '" + name + "': " + (e instanceof NoSuchFileException
                    ? file + " does not exist" : e.getMessage()));
        }
    }

    private static Mil4j.UsageException usage(String message) {
        return new Mil4j.UsageException(message);
    }
}
