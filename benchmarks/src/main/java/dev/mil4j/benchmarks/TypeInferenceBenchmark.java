package dev.mil4j.benchmarks;

import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.op.SimpleInferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.StandardOps;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Type inference of one op (iOS17 definitions) on a prepared {@link SimpleInferenceContext}: no IR is built in the
 * measured loop. {@code infer} is the pure {@code inferTypes} call; {@code validateAndInfer} adds the input check
 * against the op's specification, which is what the builder runs for every inserted op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TypeInferenceBenchmark {
    /**
     * {@code conv}: 3x3 same-padded 2-d convolution of [1, 64, 56, 56]; {@code matmul}: [1, 12, 128, 64] x
     * [1, 12, 64, 128]; {@code add_broadcast}: [8, 1, 32, 1] + [1, 16, 1, 64]; {@code reshape_static}: [4, 128, 64]
     * to [-1, 16, 8, 64]; {@code reshape_symbolic}: [batch, 128, 64] to [-1, 16, 8, 64]; {@code concat}: four
     * [1, 64, 28, 28] on axis 1; {@code topk}: k = 5 of [1, 1000].
     */
    @Param({"conv", "matmul", "add_broadcast", "reshape_static", "reshape_symbolic", "concat", "topk"})
    public String op;

    private OpDef def;
    private SimpleInferenceContext context;

    @Setup
    public void setUp() {
        OpRegistry registry = StandardOps.newRegistry();
        String name = switch (op) {
            case "add_broadcast" -> "add";
            case "reshape_static", "reshape_symbolic" -> "reshape";
            default -> op;
        };
        def = registry.lookup(name, Opset.IOS17).orElseThrow();
        SimpleInferenceContext.Builder b = SimpleInferenceContext.of(def);
        switch (op) {
            case "conv" -> b.input("x", fp32(1, 64, 56, 56)).input("weight", fp32(64, 64, 3, 3))
                    .input("strides", TensorValue.vector(1, 1)).input("pad_type", TensorValue.scalar("same"))
                    .input("dilations", TensorValue.vector(1, 1)).input("groups", TensorValue.scalar(1));
            case "matmul" -> b.input("x", fp32(1, 12, 128, 64)).input("y", fp32(1, 12, 64, 128))
                    .input("transpose_x", TensorValue.scalar(false)).input("transpose_y", TensorValue.scalar(false));
            case "add_broadcast" -> b.input("x", fp32(8, 1, 32, 1)).input("y", fp32(1, 16, 1, 64));
            case "reshape_static" -> b.input("x", fp32(4, 128, 64))
                    .input("shape", TensorValue.vector(-1, 16, 8, 64));
            case "reshape_symbolic" -> b.input("x", TensorType.of(DType.FP32, Dim.symbol("batch"), Dim.of(128),
                            Dim.of(64)))
                    .input("shape", TensorValue.vector(-1, 16, 8, 64));
            case "concat" -> {
                for (int i = 0; i < 4; i++) {
                    b.input("values", fp32(1, 64, 28, 28));
                }
                b.input("axis", TensorValue.scalar(1));
            }
            case "topk" -> b.input("x", fp32(1, 1000)).input("k", TensorValue.scalar(5))
                    .input("axis", TensorValue.scalar(-1));
            default -> throw new IllegalArgumentException("unknown op case '" + op + "'");
        }
        context = b.build();
        def.validate(context);
        def.inferTypes(context);
    }

    private static TensorType fp32(long... shape) {
        return TensorType.of(DType.FP32, shape);
    }

    @Benchmark
    public List<ValueType> infer() {
        return def.inferTypes(context);
    }

    @Benchmark
    public List<ValueType> validateAndInfer() {
        def.validate(context);
        return def.inferTypes(context);
    }
}
