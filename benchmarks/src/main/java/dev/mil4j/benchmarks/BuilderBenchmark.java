package dev.mil4j.benchmarks;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ActivationOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.StandardOps;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ops inserted per second by {@link Builder} (each validated against its specification and type-inferred; folding
 * on, though nothing folds here). One invocation builds a fresh function of {@value #OPS} non-const ops:
 * {@code linear -> relu -> add} with the previous layer, reusing two weight constants.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BuilderBenchmark {
    static final int OPS = 999;

    private OpRegistry registry;
    private TensorValue weight;
    private TensorValue bias;

    @Setup
    public void setUp() {
        registry = StandardOps.newRegistry();
        float[] w = new float[16 * 16];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7) / 7f;
        }
        weight = TensorValue.ofFloats(Shape.of(16, 16), w);
        bias = TensorValue.ofFloats(Shape.of(16), new float[16]);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public Program insertOps() {
        Program program = new Program();
        Function main = program.addFunction("main", Opset.IOS17, Map.of("x", TensorType.of(DType.FP32, 4, 16)));
        Builder b = Builder.atEnd(main.body(), registry);
        Var w = b.constant(weight);
        Var c = b.constant(bias);
        Var previous = main.inputs().get(0);
        for (int i = 0; i < OPS / 3; i++) {
            Var y = ActivationOps.relu(b, NnOps.linear(b, previous, w, Optional.of(c)));
            previous = MathOps.add(b, y, previous);
        }
        main.setOutputs(java.util.List.of(previous));
        return program;
    }
}
