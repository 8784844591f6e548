package dev.mil4j.benchmarks;

import dev.mil4j.compression.CompressionPass;
import dev.mil4j.compression.LinearQuantizationPass;
import dev.mil4j.compression.PalettizationOptions;
import dev.mil4j.compression.PalettizationPass;
import dev.mil4j.compression.QuantizationOptions;
import dev.mil4j.compression.WeightSelection;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.Fp16;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.StandardOps;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Weight compression passes on generated fp16 weights (normal, seeded), as {@code mil4j compress} runs them:
 * {@code mode} {@code palettize4} (4-bit k-means, one table per tensor: the case coremltools 9.0 takes 3.0 s for on
 * resnet18) or {@code quantize8} (int8 symmetric per channel), on {@code model} {@code resnet18} (the 21 conv and
 * linear weights of torchvision's resnet18, 11.7 M parameters) or {@code 25m} (24 weights of 1024 x 1024 and one of
 * 1024 x 576, 25.8 M parameters). A fresh program per invocation (built in setup, not measured); the score is the
 * time of the pass over the whole program, using every core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class CompressionBenchmark {
    private static final OpRegistry OPS = StandardOps.newRegistry();

    @Param({"resnet18", "25m"})
    public String model;

    @Param({"palettize4", "quantize8"})
    public String mode;

    private List<TensorValue> weights;
    private Program program;

    @Setup(Level.Trial)
    public void weights() {
        weights = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(18);
        for (long[] shape : shapes(model)) {
            weights.add(normal(Shape.of(shape), random));
        }
    }

    @Setup(Level.Invocation)
    public void program() {
        program = new Program();
        Builder b = Builder.atEnd(program.addFunction("main", Opset.IOS16, new LinkedHashMap<>()).body(), OPS)
                .folding(false);
        List<Var> outs = new ArrayList<>();
        for (TensorValue w : weights) {
            outs.add(b.op("identity").input("x", b.constant(w)).output());
        }
        b.function().setOutputs(outs);
    }

    @Benchmark
    public Program compress() {
        CompressionPass pass = mode.equals("palettize4")
                ? new PalettizationPass(new PalettizationOptions(4, PalettizationOptions.Mode.KMEANS, 0,
                        WeightSelection.defaults()))
                : new LinearQuantizationPass(new QuantizationOptions(DType.INT8, true,
                        QuantizationOptions.Granularity.PER_CHANNEL, 0, WeightSelection.defaults()));
        pass.run(program, PassContext.withDefaults(OPS));
        return program;
    }

    /** The weight shapes of a model. */
    static List<long[]> shapes(String model) {
        List<long[]> out = new ArrayList<>();
        if (model.equals("25m")) {
            for (int i = 0; i < 24; i++) {
                out.add(new long[] {1024, 1024});
            }
            out.add(new long[] {1024, 576});
            return out;
        }
        out.add(new long[] {64, 3, 7, 7});
        for (int i = 0; i < 4; i++) {
            out.add(new long[] {64, 64, 3, 3});
        }
        long in = 64;
        for (long c : new long[] {128, 256, 512}) {
            out.add(new long[] {c, in, 3, 3});
            for (int i = 0; i < 3; i++) {
                out.add(new long[] {c, c, 3, 3});
            }
            out.add(new long[] {c, in, 1, 1});
            in = c;
        }
        out.add(new long[] {1000, 512});
        return out;
    }

    private static TensorValue normal(Shape shape, SplittableRandom random) {
        int n = Math.toIntExact(shape.elementCount().orElseThrow());
        ByteBuffer b = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            // Box-Muller: a normal weight of standard deviation 0.05
            double g = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            b.putShort(2 * i, Fp16.fromFloat((float) (0.05 * g)));
        }
        return TensorValue.wrap(DType.FP16, shape, b);
    }
}
