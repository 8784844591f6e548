package dev.mil4j.benchmarks;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.core.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
 * Whole conversions of the public fixture models (TorchScript and ONNX, made by PyTorch 1.13) from the source file
 * to a written {@code .mlpackage} or {@code .mlmodel}, through the converter with every frontend and backend,
 * in-process and warm: the number to hold against coremltools' conversion time ({@code RESULTS.tsv} of the
 * fixtures). The models are read from the repository's {@code testdata} folder relative to the working directory
 * (run from the repository root, as {@code benchmarks/run} does), or from a folder of the same layout named by
 * {@code -Dmil4j.fixtures=...}.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FixtureConversionBenchmark {
    /** The torch inputs of each model, in forward-argument order (TorchScript inputs are positional). */
    private static final Map<String, List<InputType>> TORCH_INPUTS = Map.of(
            "small_cnn", List.of(InputType.of("x", Shape.of(1, 3, 16, 16))),
            "mlp", List.of(InputType.of("x", Shape.of(4, 20))),
            "attention_block", List.of(InputType.of("x", Shape.of(2, 6, 32))),
            "topk_head", List.of(InputType.of("x", Shape.of(2, 16))),
            "elementwise_zoo", List.of(InputType.of("a", Shape.of(2, 3, 8)), InputType.of("b", Shape.of(2, 3, 8))));

    @Param({"torch/small_cnn.pt", "torch/attention_block.pt", "torch/mlp.pt", "onnx/small_cnn.onnx",
        "onnx/attention_block.onnx"})
    public String model;

    @Param({"mlprogram", "neuralnetwork"})
    public String target;

    private Converter converter;
    private ConvertOptions options;
    private Path source;
    private Path dir;
    private Path output;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        converter = Converter.builder().discoverPlugins().build();
        source = Path.of(System.getProperty("mil4j.fixtures", "testdata")).resolve(model);
        if (!Files.isRegularFile(source)) {
            throw new IllegalStateException("fixture " + source.toAbsolutePath() + " not found: run from the "
                    + "repository root or pass -Dmil4j.fixtures=DIR, a folder laid out like testdata/");
        }
        ConvertOptions.Builder b = ConvertOptions.builder().target(target);
        if (model.startsWith("torch/")) {
            String name = source.getFileName().toString().replace(".pt", "");
            TORCH_INPUTS.get(name).forEach(b::input);
        }
        options = b.build();
        dir = Files.createTempDirectory("mil4j-bench-fixture");
        output = dir.resolve("model" + (target.equals("mlprogram") ? ".mlpackage" : ".mlmodel"));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Path convert() {
        converter.convert(source, options).save(output);
        return output;
    }
}
