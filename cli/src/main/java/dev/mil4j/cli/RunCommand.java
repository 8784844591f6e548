package dev.mil4j.cli;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.ClassifierConfig;
import dev.mil4j.converter.spi.ColorLayout;
import dev.mil4j.converter.spi.ImageInput;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.Value;
import dev.mil4j.interpreter.npy.Npy;
import dev.mil4j.ops.classify.ClassifyOp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mil4j run MODEL --input NAME=FILE.npy ... --out DIR}: runs a model in mil4j's reference interpreter and
 * writes one {@code .npy} per output. MODEL is an {@code .mlpackage} or a NeuralNetwork {@code .mlmodel} (run as
 * written, read back by the backend that writes such models) or a source model, converted on the fly through the
 * target's pipeline (what {@code convert} would write). A classifier's label is printed and written beside.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a model (.mlpackage, NeuralNetwork .mlmodel, or a source model converted on the fly) in the "
                + "reference interpreter and write each output as OUT/NAME.npy, under the source model's own output "
                + "names.")
final class RunCommand implements Callable<Integer> {
    /** The stage, after the conversion's, in which the interpreter runs the program. */
    static final String RUN_STAGE = "run";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "an .mlpackage, an .mlmodel or a source model")
    Path model;

    @Option(names = "--input", paramLabel = "NAME=FILE.npy", description = "an input's value (repeatable): a .npy "
            + "array, or a PNG/JPEG file for an image input (pixels 0..255, the model applies scale and bias); "
            + "TorchScript inputs are positional: the i-th --input feeds the i-th forward argument; an input renamed "
            + "for Core ML (ONNX x.1 is x_1) takes its source name too")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--input-shape", paramLabel = "NAME:DIMS", description = "the shape to convert an input with "
            + "(e.g. 1xS for a symbolic dim); default: the shape of its array")
    List<String> inputShapes = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the folder for the outputs")
    Path out;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1", description = "run N times, states (iOS18) "
            + "kept from step to step; each input holds the N steps' values along a leading axis, and so does each "
            + "output (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--function", paramLabel = "NAME", description = "the function of a multifunction package to run "
            + "(default: its default function)")
    String function;

    @Mixin
    ConversionFlags conversion;

    @Mixin
    OutputOptions output;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        ProgressDisplay display = output.display();
        Map<String, TensorValue> values = new LinkedHashMap<>();
        for (String in : inputs) {
            int eq = in.indexOf('=');
            if (eq <= 0 || eq == in.length() - 1) {
                throw usage("bad --input '" + in + "': expected NAME=FILE.npy, e.g. x=x.npy");
            }
            String name = in.substring(0, eq);
            Path file = Path.of(in.substring(eq + 1));
            if (values.containsKey(name)) {
                throw usage("input '" + name + "' is given twice");
            }
            try {
                values.put(name, ImageFiles.isImage(file) ? ImageFiles.read(file, layout(name)) : Npy.read(file));
            } catch (IOException e) {
                throw usage("cannot read input '" + name + "': " + (e instanceof java.nio.file.NoSuchFileException
                        ? file + " does not exist" : e.getMessage()));
            }
        }
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (String s : inputShapes) {
            InputType t;
            try {
                t = InputType.parse(s);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            if (t.shape().isEmpty() || t.dtype().isPresent()) {
                throw usage("bad --input-shape '" + s + "': expected NAME:DIMS, e.g. x:1x3x224x224");
            }
            if (!values.containsKey(t.name())) {
                throw usage("--input-shape names '" + t.name() + "', which has no --input; inputs: "
                        + (values.isEmpty() ? "(none)" : String.join(", ", values.keySet())));
            }
            shapes.put(t.name(), t.shape().get());
        }
        // a source model runs in fp16 unless --precision says otherwise (run's default, whatever the target)
        ConvertOptions.Builder options = conversion.builder(Precision.FP16).progressListener(display);
        if (steps < 1) {
            throw usage("--steps must be 1 or more, got " + steps);
        }
        values.forEach((name, v) -> options.input(InputType.of(name, shapes.getOrDefault(name,
                steps == 1 ? v.shape() : Steps.stepShape(name, v, steps)))));
        Converter converter = plugins.converter();
        try (display) {
            Program program = converter.loadRunnable(model, options.build());
            if (function != null) {
                if (program.function(function).isEmpty()) {
                    throw usage("--function " + function + ": " + model + " has no such function; its functions are "
                            + program.functions().stream().map(f -> f.name()).toList());
                }
                program.setDefaultFunction(function);
            }
            long running = System.nanoTime();
            display.stageStarted(RUN_STAGE);
            SourceNameMapping names = SourceNameMapping.of(program);
            Map<String, TensorValue> declared = asDeclared(program, names.inputsByVar(values));
            Map<String, Value> outputs;
            if (steps == 1) {
                outputs = converter.runValues(program, declared);
            } else {
                List<Map<String, TensorValue>> each = new ArrayList<>();
                for (int i = 0; i < steps; i++) {
                    each.add(Steps.step(declared, i, steps));
                }
                outputs = new LinkedHashMap<>();
                Steps.stack(converter.runSteps(program, each)).forEach((name, v) -> outputs.put(name, Value.of(v)));
            }
            display.stageFinished(RUN_STAGE, System.nanoTime() - running);
            Map<String, String> written;
            try {
                Files.createDirectories(out);
                written = OutputFiles.write(names.outputsBySource(outputs), out);
            } catch (IOException e) {
                throw usage("cannot write the outputs to " + out + ": " + e.getMessage());
            }
            boolean classified = printLabel(program, outputs);
            ConvertOptions built = options.build();
            Optional<ClassifierConfig> classifier = built.classifier().isPresent() ? built.classifier()
                    : savedClassifier();
            if (classifier.isPresent() && !classified) {
                // a NeuralNetwork classifier (converted on the fly or read back) returns the probabilities only
                writeClassification(classifier.get(), outputs, written);
            }
            names.renamedOutputs(outputs).forEach(display::message);
            display.message(Summary.ran(out, written, System.nanoTime() - start));
        }
        return Mil4j.OK;
    }

    /**
     * Prints a classifier's label ({@code classify}'s first output, when the model returns it) as
     * {@code NAME: label}.
     *
     * @return whether the model classifies (an ML Program classifier)
     */
    private boolean printLabel(Program program, Map<String, Value> values) {
        boolean classifies = false;
        for (Var o : program.main().outputs()) {
            boolean label = o.producer().filter(op -> op.type().equals(ClassifyOp.NAME))
                    .map(op -> op.outputs().get(0) == o).orElse(false);
            if (label && values.get(o.name()) instanceof Value.Tensor t) {
                spec.commandLine().getOut().println(o.name() + ": " + OutputFiles.scalarText(t.value()));
                classifies = true;
            }
        }
        return classifies;
    }

    /**
     * The label and dictionary of a classifier whose program returns only its probabilities (the first output),
     * made by the {@code classify} op's rule, written as {@code OUT/LABEL} and {@code OUT/LABEL_probs} like an ML
     * Program classifier's, and the label printed.
     */
    private void writeClassification(ClassifierConfig classifier, Map<String, Value> outputs,
            Map<String, String> written) {
        Map.Entry<String, Value> first = outputs.entrySet().iterator().next();
        Map<String, Value> classified;
        try {
            classified = ClassifierOutputs.of(classifier, first.getKey()).classify(first.getValue().tensor());
        } catch (IllegalArgumentException e) {
            throw usage("--classifier-labels gives " + classifier.labels().size() + " labels, but the probability "
                    + "output has " + first.getValue().tensor().elementCount() + " values ("
                    + first.getValue().type() + ")");
        }
        try {
            written.putAll(OutputFiles.write(classified, out));
        } catch (IOException e) {
            throw usage("cannot write the classifier's outputs to " + out + ": " + e.getMessage());
        }
        Value label = classified.get(classifier.predictedFeature());
        spec.commandLine().getOut().println(classifier.predictedFeature() + ": "
                + OutputFiles.scalarText(label.tensor()));
    }

    private Map<String, ImageInput> imageInputs() {
        Map<String, ImageInput> out = new LinkedHashMap<>();
        for (String text : conversion.app.images) {
            try {
                ImageInput image = ImageInput.parse(text);
                out.put(image.name(), image);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        return out;
    }

    /**
     * The color layout of an image input given as a PNG or JPEG file: from {@code --image}, else from the image
     * type of an {@code .mlpackage}'s input.
     */
    private ColorLayout layout(String input) throws IOException {
        ImageInput given = imageInputs().get(input);
        if (given != null) {
            return given.layout();
        }
        Optional<ColorLayout> saved = SavedModels.imageLayout(model, input);
        if (saved.isPresent()) {
            return saved.get();
        }
        throw usage("input '" + input + "' is given an image file, but it is not an image input; give --image "
                + input + "[:layout=...] (a source model), or a .npy file");
    }

    private Optional<ClassifierConfig> savedClassifier() {
        try {
            return SavedModels.classifier(model);
        } catch (IOException e) {
            throw usage("cannot read " + model + ": " + e.getMessage());
        }
    }

    /** An output name as a file name: characters other than letters, digits, '_', '-' and '.' become '_'. */
    static String fileName(String outputName) {
        String s = outputName.replaceAll("[^A-Za-z0-9_.-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
    }

    private static Mil4j.UsageException usage(String message) {
        return new Mil4j.UsageException(message);
    }

    /**
     * Bool and integer arrays for inputs the program declares with another dtype (the ML Program interface retypes
     * bool and small integers to fp32 or int32) cast as the interface says; numeric pairs are cast by the converter.
     * Scalar arrays for inputs of shape [1] (a frontend gives scalar inputs that shape at the interface) reshaped.
     */
    private static Map<String, TensorValue> asDeclared(Program program, Map<String, TensorValue> values) {
        Map<String, TensorValue> out = new LinkedHashMap<>(values);
        for (Var in : program.main().inputs()) {
            TensorValue v = out.get(in.name());
            if (v != null && v.shape().rank() == 0 && in.type() instanceof TensorType t
                    && t.shape().equals(Shape.of(1))) {
                v = v.reshape(t.shape());
                out.put(in.name(), v);
            }
            if (v != null && in.type() instanceof TensorType t && t.dtype() != v.dtype()
                    && (v.dtype() == DType.BOOL || t.dtype() == DType.BOOL)
                    && v.dtype() != DType.STRING
                    && t.dtype() != DType.STRING) {
                out.put(in.name(), v.cast(t.dtype()));
            }
        }
        return out;
    }
}
