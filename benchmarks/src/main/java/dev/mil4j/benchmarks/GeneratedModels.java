package dev.mil4j.benchmarks;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ActivationOps;
import dev.mil4j.ops.NnOps;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Generated models for the whole-conversion benchmarks, with realistic weight sizes: a deep MLP and a ResNet-like
 * convolutional network. Weights are random fp32 values from a fixed seed.
 */
public final class GeneratedModels {
    /** The models. */
    public enum Model {
        /** 200 layers of {@code linear(128 -> 128) -> relu} on a [1, 128] input: 13.2 MB of weights. */
        MLP200,
        /**
         * A ResNet-like network on a [1, 3, 32, 32] input: a 3x3 stem convolution to 32 channels, then 12 residual
         * blocks of {@code conv 3x3 -> batch_norm -> relu -> conv 3x3 -> batch_norm -> add -> relu}: 0.9 MB of weights.
         */
        RESNET,
        /**
         * 200 layers of {@code linear(512 -> 512) -> relu} on a [1, 512] input: 210 MB of weights, to see whether the
         * heap ratios hold at scale. Its MIL text would be about 700 MB, more than the MIL text frontend reads.
         */
        WIDE_MLP;

        /** Parses a {@code @Param} value such as {@code mlp200}. */
        public static Model parse(String text) {
            return valueOf(text.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private final Builder b;
    private final SplittableRandom random = new SplittableRandom(42);

    private GeneratedModels(Builder b) {
        this.b = b;
    }

    /** Builds the model's MIL program. */
    public static Program build(Model model, OpRegistry registry) {
        Program program = new Program();
        TensorType input = switch (model) {
            case MLP200 -> TensorType.of(DType.FP32, 1, 128);
            case WIDE_MLP -> TensorType.of(DType.FP32, 1, 512);
            case RESNET -> TensorType.of(DType.FP32, 1, 3, 32, 32);
        };
        Function main = program.addFunction("main", Opset.IOS17, Map.of("x", input));
        GeneratedModels g = new GeneratedModels(Builder.atEnd(main.body(), registry));
        Var x = main.inputs().get(0);
        main.setOutputs(List.of(switch (model) {
            case MLP200 -> g.mlp(x, 128);
            case WIDE_MLP -> g.mlp(x, 512);
            case RESNET -> g.resnet(x);
        }));
        return program;
    }

    /** The bytes of all constants of the program's main function. */
    public static long weightBytes(Program program) {
        long n = 0;
        for (Operation op : program.main().body().operations()) {
            if (op.def() == ConstOp.INSTANCE) {
                n += op.output().value().map(TensorValue::byteSize).orElse(0L);
            }
        }
        return n;
    }

    private Var mlp(Var x, int width) {
        Var h = x;
        for (int i = 0; i < 200; i++) {
            h = ActivationOps.relu(b, NnOps.linear(b, h, weight(width, width), Optional.of(weight(width))));
        }
        return h;
    }

    private Var resnet(Var x) {
        int c = 32;
        Var h = ActivationOps.relu(b, conv(x, c, 3));
        for (int i = 0; i < 12; i++) {
            Var y = ActivationOps.relu(b, batchNorm(conv(h, c, c), c));
            y = batchNorm(conv(y, c, c), c);
            h = ActivationOps.relu(b, MathOps.add(b, h, y));
        }
        return h;
    }

    private Var conv(Var x, int out, int in) {
        return NnOps.conv(b, x, weight(out, in, 3, 3), Optional.of(weight(out)), new int[] {1, 1}, "same",
                new int[] {1, 1}, 1);
    }

    private Var batchNorm(Var x, int c) {
        float[] variance = new float[c];
        java.util.Arrays.fill(variance, 1f);
        return NnOps.batchNorm(b, x, weight(c), b.constant(TensorValue.ofFloats(Shape.of(c), variance)),
                Optional.of(weight(c)), Optional.of(weight(c)), 1e-5);
    }

    private Var weight(long... shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() - 0.5) * 0.1f;
        }
        return b.constant(TensorValue.ofFloats(Shape.of(shape), values));
    }
}
