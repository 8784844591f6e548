package dev.mil4j.benchmarks;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.text.MilPrinter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole conversions from a source file to a written model: {@code converter.convert(source, options).save(output)}
 * with every frontend and backend, for a {@link GeneratedModels} model written in the trial setup (not measured) as
 * MIL text ({@code source=mil}) or as an ONNX model ({@code source=onnx}, see {@link OnnxModels}), to an ML Program
 * ({@code .mlpackage}) or a NeuralNetwork model ({@code .mlmodel}) with the target's default precision. The output is
 * deleted after each invocation. {@code convert} measures the time; {@code peakHeap} runs the same conversion
 * single-shot in a 1 GiB heap and reports the heap it needed as secondary metrics (see {@link HeapPeak} and the
 * README): {@code peakHeapMiB}, {@code peakLiveHeapMiB}, {@code retainedHeapMiB}, each also per byte of the model's
 * fp32 weights. Its time includes the full collections of the stage snapshots and is not a conversion time.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Xms2g"})
public class ConversionBenchmark {
    /** The generated model; {@code wide_mlp} (210 MB, ONNX only) is not in the default list: give it with -p. */
    @Param({"mlp200", "resnet"})
    public String model;

    @Param({"mil", "onnx"})
    public String source;

    @Param({ConvertOptions.MLPROGRAM, ConvertOptions.NEURALNETWORK})
    public String target;

    private Converter converter;
    private Path dir;
    private Path input;
    private Path output;
    private long weightBytes;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        converter = Converter.builder().discoverPlugins().build();
        dir = Files.createTempDirectory("mil4j-bench-conversion");
        input = writeSource(converter, GeneratedModels.Model.parse(model), source, dir);
        output = dir.resolve(model + outputExtension(target));
        weightBytes = GeneratedModels.weightBytes(GeneratedModels.build(GeneratedModels.Model.parse(model),
                converter.plugins().ops()));
    }

    /** Deletes the written model after each invocation, so that runs never fill the disk. */
    @TearDown(Level.Invocation)
    public void deleteOutput() throws IOException {
        deleteTree(output);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        deleteTree(dir);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public Path convert() {
        converter.convert(input, options(target).build()).save(output);
        return output;
    }

    /** Starts the heap measurement before each invocation of {@code peakHeap} (outside the measured time). */
    @State(Scope.Thread)
    public static class HeapState {
        final HeapPeak heap = new HeapPeak();

        @Setup(Level.Invocation)
        public void start() {
            heap.start();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    @Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Xms1g"})
    public Path peakHeap(HeapState state, HeapCounter counter) {
        HeapPeak heap = state.heap;
        converter.convert(input, options(target).progressListener(heap.stageSnapshots()).build()).save(output);
        heap.stop();
        counter.record(heap.peakAboveStart(), heap.livePeakAboveStart(), heap.retainedPeakAboveStart(), weightBytes);
        return output;
    }

    /** The options of a conversion to {@code target}, otherwise the defaults (as {@code mil4j convert --to}). */
    static ConvertOptions.Builder options(String target) {
        return ConvertOptions.builder().target(target);
    }

    /** The file name extension the target's models have. */
    static String outputExtension(String target) {
        return target.equals(ConvertOptions.MLPROGRAM) ? ".mlpackage" : ".mlmodel";
    }

    /** Writes a generated model as {@code dir/<model>.<source>} ({@code mil} or {@code onnx}) and returns the file. */
    static Path writeSource(Converter converter, GeneratedModels.Model model, String source, Path dir)
            throws IOException {
        if (model == GeneratedModels.Model.WIDE_MLP && source.equals("mil")) {
            throw new IllegalArgumentException("wide_mlp has no MIL text form (it would be about 700 MB, more than the "
                    + "MIL text frontend reads); use -p source=onnx");
        }
        Program program = GeneratedModels.build(model, converter.plugins().ops());
        Path file = dir.resolve(model.name().toLowerCase(java.util.Locale.ROOT) + "." + source);
        switch (source) {
            case "mil" -> Files.writeString(file, MilPrinter.print(program));
            case "onnx" -> {
                try (OutputStream out = Files.newOutputStream(file)) {
                    OnnxModels.of(program).writeTo(out);
                }
            }
            default -> throw new IllegalArgumentException("source " + source + " is neither mil nor onnx");
        }
        return file;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
