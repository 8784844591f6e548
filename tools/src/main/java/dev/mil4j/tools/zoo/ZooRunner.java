package dev.mil4j.tools.zoo;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Converts every model of a zoo from each source format to each target and checks the numbers against the source
 * framework's recorded outputs: per (model, source) the fp32 program is run in the interpreter; per ML Program target
 * the fp16 package is written, read back and run; per NeuralNetwork target the model is written and its program run
 * in fp32.
 */
final class ZooRunner {
    /** A source format of the zoo: the file suffix. */
    enum Source {
        PT("pt"), ONNX("onnx");

        final String suffix;

        Source(String suffix) {
            this.suffix = suffix;
        }
    }

    /** One row of the table. */
    record Row(String model, String source, String target, String result, double seconds, Check fp32, Check fp16) {
        boolean ok() {
            return result.equals("ok");
        }
    }

    private final Converter converter;
    private final List<Source> sources;
    private final List<String> targets;
    private final PrintStream log;

    ZooRunner(Converter converter, List<Source> sources, List<String> targets, PrintStream log) {
        this.converter = converter;
        this.sources = List.copyOf(sources);
        this.targets = List.copyOf(targets);
        this.log = log;
    }

    List<Row> run(ZooManifest zoo) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (ZooManifest.Model m : zoo.models()) {
            List<TensorValue> inputs = arrays(zoo.folder(), m.name() + ".input");
            Reference expected = new Reference(arrays(zoo.folder(), m.name() + ".output"),
                    arrays(zoo.folder(), m.name() + ".reference"));
            for (Source s : sources) {
                Path file = zoo.folder().resolve(m.name() + "." + s.suffix);
                if (s == Source.ONNX && !m.hasOnnx() || !Files.isRegularFile(file)) {
                    continue;
                }
                rows.addAll(runModel(m.name(), s, file, inputs, expected));
            }
        }
        return rows;
    }

    private List<Row> runModel(String name, Source source, Path file, List<TensorValue> inputs,
            Reference expected) throws IOException {
        log.printf("%s.%s ...%n", name, source.suffix);
        Check fp32 = numbers(file, options(source, inputs, "mlprogram", Precision.FP32), inputs, expected);
        List<Row> rows = new ArrayList<>();
        Path scratch = Files.createTempDirectory("mil4j-zoo-");
        try {
            for (String target : targets) {
                boolean mlProgram = target.equals("mlprogram");
                ConvertOptions opts = options(source, inputs, target, mlProgram ? Precision.FP16 : Precision.FP32);
                Path out = scratch.resolve(name + (mlProgram ? ".mlpackage" : ".mlmodel"));
                long start = System.nanoTime();
                String failure = attempt(() -> converter.convert(file, opts).save(out));
                double seconds = (System.nanoTime() - start) / 1e9;
                Check targetNumbers = fp32;
                Check fp16 = null;
                if (failure == null && mlProgram) {
                    fp16 = numbers(out, opts, inputs, expected);
                } else if (failure == null) {
                    targetNumbers = numbers(file, options(source, inputs, target, Precision.FP32), inputs, expected);
                }
                String result = failure != null ? "convert: " + failure
                        : !targetNumbers.within(Check.FP32) ? "fp32 differs"
                        : fp16 != null && !fp16.within(Check.FP16, Check.FP16_OVER_FP32) ? "fp16 differs" : "ok";
                Row row = new Row(name, source.suffix, target, result, seconds, targetNumbers, fp16);
                log.printf("  %-13s %-8s %.2f s  fp32 %s%s%n", target, row.ok() ? "ok" : "FAIL", seconds,
                        targetNumbers, fp16 == null ? "" : "  fp16 " + fp16);
                rows.add(row);
            }
        } finally {
            deleteTree(scratch);
        }
        return rows;
    }

    /** The interpreter's outputs for a model against the expected ones; a failure is reported as the problem. */
    private Check numbers(Path model, ConvertOptions options, List<TensorValue> inputs, Reference expected) {
        try {
            Program program = converter.loadRunnable(model, options);
            List<Var> declared = program.main().inputs();
            if (declared.size() != inputs.size()) {
                return Check.failed("the model has " + declared.size() + " inputs, the zoo " + inputs.size());
            }
            Map<String, TensorValue> byName = new LinkedHashMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                byName.put(declared.get(i).name(), inputs.get(i));
            }
            return Check.of(List.copyOf(converter.run(program, byName).values()), expected);
        } catch (ConversionException e) {
            return Check.failed("run: " + firstLine(e.getMessage()));
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            return Check.failed("run crashed: " + e);
        }
    }

    /** Runs a step; null when it succeeded, else the first line of its error (a crash is named as one). */
    private static String attempt(Runnable step) {
        try {
            step.run();
            return null;
        } catch (ConversionException e) {
            return firstLine(e.getMessage());
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            return "crash: " + e;
        }
    }

    /** Options for a source: TorchScript inputs are positional, so they are declared with the arrays' shapes. */
    private static ConvertOptions options(Source source, List<TensorValue> inputs, String target, Precision p) {
        ConvertOptions.Builder b = ConvertOptions.builder().target(target).computePrecision(p);
        if (source == Source.PT) {
            for (int i = 0; i < inputs.size(); i++) {
                TensorValue v = inputs.get(i);
                DType dtype = v.dtype().isFloat() ? DType.FP32 : v.dtype() == DType.BOOL ? DType.BOOL : DType.INT32;
                b.input(InputType.of("input" + i, v.shape(), dtype));
            }
        }
        return b.build();
    }

    private static List<TensorValue> arrays(Path folder, String prefix) throws IOException {
        List<TensorValue> values = new ArrayList<>();
        for (int i = 0; Files.isRegularFile(folder.resolve(prefix + i + ".npy")); i++) {
            values.add(Npy.read(folder.resolve(prefix + i + ".npy")));
        }
        return values;
    }

    /** The first line of a message; a heading such as {@code 2 errors:} keeps the line after it too. */
    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        String[] lines = s.strip().split("\n");
        return lines[0].endsWith(":") && lines.length > 1 ? lines[0] + " " + lines[1].strip() : lines[0];
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
