package dev.mil4j.benchmarks;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.ir.Program;
import dev.mil4j.frontend.onnx.OnnxFrontend;
import dev.mil4j.frontend.onnx.proto.ModelProto;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Loading an ONNX model, the first stage of every ONNX conversion: {@code read} parses the file
 * ({@link OnnxFrontend#read}: the weights stay in the file's mapping), {@code load} also translates the graph to a MIL
 * program ({@code converter.load}: initializers become constants that are views of the file). The model is a
 * {@link GeneratedModels} model written as ONNX in the trial setup (not measured): {@code mlp200} (13.2 MB of fp32
 * weights) by default, {@code wide_mlp} (210 MB) on request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Xms2g"})
public class OnnxLoadBenchmark {
    /** The generated model ({@code mlp200}, {@code resnet}, {@code wide_mlp}). */
    @Param({"mlp200"})
    public String model;

    private Converter converter;
    private Path dir;
    private Path input;

    @Setup
    public void setUp() throws IOException {
        converter = Converter.builder().discoverPlugins().build();
        dir = java.nio.file.Files.createTempDirectory("mil4j-bench-onnx");
        input = ConversionBenchmark.writeSource(converter, GeneratedModels.Model.parse(model), "onnx", dir);
    }

    @TearDown
    public void tearDown() throws IOException {
        ConversionBenchmark.deleteTree(dir);
    }

    @Benchmark
    public ModelProto read() {
        return OnnxFrontend.read(input);
    }

    @Benchmark
    public Program load() {
        return converter.load(input, ConvertOptions.builder().build());
    }
}
