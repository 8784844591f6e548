package dev.mil4j.cli;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mil4j run MODEL --input NAME=FILE.npy ... --out DIR}: runs a model in mil4j's reference interpreter and
 * writes one {@code .npy} per output. MODEL is an {@code .mlpackage} (run as written) or a source model, converted on
 * the fly through the target's pipeline (what {@code convert} would write).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a model (.mlpackage, or a source model converted on the fly) in the reference interpreter "
                + "and write each output as OUT/NAME.npy.")
final class RunCommand implements Callable<Integer> {
    /** The stage, after the conversion's, in which the interpreter runs the program. */
    static final String RUN_STAGE = "run";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "an .mlpackage or a source model")
    Path model;

    @Option(names = "--input", paramLabel = "NAME=FILE.npy", description = "an input's value (repeatable); "
            + "TorchScript inputs are positional: the i-th --input feeds the i-th forward argument")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--input-shape", paramLabel = "NAME:DIMS", description = "the shape to convert an input with "
            + "(e.g. 1xS for a symbolic dim); default: the shape of its array")
    List<String> inputShapes = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the folder for the outputs")
    Path out;

    @Option(names = "--framework", paramLabel = "ID", description = "the source framework, when it cannot be told "
            + "from the file: tensorflow, pytorch, onnx, mil")
    String framework;

    @Option(names = "--to", paramLabel = "TARGET", defaultValue = "mlprogram",
            description = "the target whose pipeline converts a source model (default: ${DEFAULT-VALUE})")
    String to;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "fp16",
            description = "compute precision of an ML Program: fp16 or fp32 (default: ${DEFAULT-VALUE})")
    String precision;

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
                values.put(name, Npy.read(file));
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
        ConvertOptions.Builder options = ConvertOptions.builder().target(to).progressListener(display)
                .computePrecision(Precision.parse(precision).orElseThrow(() -> usage("unknown --precision '"
                        + precision + "'; use fp16 or fp32")));
        if (framework != null) {
            options.framework(framework);
        }
        values.forEach((name, v) -> options.input(InputType.of(name, shapes.getOrDefault(name, v.shape()))));
        Converter converter = plugins.converter();
        try (display) {
            Program program = converter.loadRunnable(model, options.build());
            long running = System.nanoTime();
            display.stageStarted(RUN_STAGE);
            Map<String, TensorValue> results = converter.run(program, asDeclared(program, values));
            display.stageFinished(RUN_STAGE, System.nanoTime() - running);
            try {
                Files.createDirectories(out);
            } catch (IOException e) {
                throw usage("cannot create the folder " + out + ": " + e.getMessage());
            }
            for (Map.Entry<String, TensorValue> e : results.entrySet()) {
                Path file = out.resolve(fileName(e.getKey()) + ".npy");
                try {
                    Npy.write(file, e.getValue());
                } catch (IOException ex) {
                    throw usage("cannot write " + file + ": " + ex.getMessage());
                }
            }
            display.message(Summary.ran(out, results, System.nanoTime() - start));
        }
        return Mil4j.OK;
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
     */
    private static Map<String, TensorValue> asDeclared(Program program, Map<String, TensorValue> values) {
        Map<String, TensorValue> out = new LinkedHashMap<>(values);
        for (Var in : program.main().inputs()) {
            TensorValue v = out.get(in.name());
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
