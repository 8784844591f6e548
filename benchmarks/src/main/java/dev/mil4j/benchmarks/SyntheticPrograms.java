package dev.mil4j.benchmarks;

import static java.util.Objects.requireNonNull;

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
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Synthetic MIL programs of a requested size, built with the typed helpers of {@code mil-ops}. Every shape repeats
 * one block until the main function holds at least the requested number of operations (constants included), so the
 * graph's structure is the same at every size and only its length changes. Weights are small and distinct per layer
 * (so constant deduplication compares them instead of merging them all), which keeps a million-op program in a few
 * hundred megabytes of heap.
 */
public final class SyntheticPrograms {
    /** The graph shapes. */
    public enum Kind {
        /** A deep chain of {@code linear -> relu} layers of width 8. */
        MLP,
        /**
         * Residual blocks, each with 8 parallel {@code linear -> relu} branches summed and added to the block's input,
         * plus one repeated branch (work for common subexpression elimination) and one dead op (work for dead code
         * elimination).
         */
        RESIDUAL,
        /**
         * Transformer-like blocks on a {@code [1, 8, 16]} sequence: layer norm, q/k/v projections, two heads (reshape,
         * transpose), scaled dot-product attention with softmax, output projection and residual add, then layer norm
         * and a GELU feed-forward with a residual add.
         */
        TRANSFORMER;

        /** Parses a {@code @Param} value such as {@code mlp}. */
        public static Kind parse(String text) {
            return valueOf(text.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private static final int MLP_WIDTH = 8;
    private static final int BRANCHES = 8;
    private static final int SEQ = 8;
    private static final int MODEL = 16;
    private static final int HEADS = 2;
    private static final int FF = 32;

    private final OpRegistry registry;
    private int seed;

    private SyntheticPrograms(OpRegistry registry) {
        this.registry = registry;
    }

    /**
     * Builds a program of {@code kind} with at least {@code minOps} operations in {@code main}.
     *
     * @param registry the op registry (the standard ops at least)
     */
    public static Program build(Kind kind, int minOps, OpRegistry registry) {
        requireNonNull(kind, "kind is null");
        requireNonNull(registry, "registry is null");
        if (minOps < 1) {
            throw new IllegalArgumentException("minOps must be positive, got " + minOps);
        }
        return new SyntheticPrograms(registry).program(kind, minOps);
    }

    private Program program(Kind kind, int minOps) {
        Program program = new Program();
        TensorType inputType = switch (kind) {
            case MLP, RESIDUAL -> TensorType.of(DType.FP32, 1, MLP_WIDTH);
            case TRANSFORMER -> TensorType.of(DType.FP32, 1, SEQ, MODEL);
        };
        Function main = program.addFunction("main", Opset.IOS17, Map.of("x", inputType));
        Builder b = Builder.atEnd(main.body(), registry);
        Var h = main.inputs().get(0);
        while (main.body().size() < minOps) {
            h = switch (kind) {
                case MLP -> mlpLayer(b, h);
                case RESIDUAL -> residualBlock(b, h);
                case TRANSFORMER -> transformerBlock(b, h);
            };
        }
        main.setOutputs(List.of(h));
        return program;
    }

    private Var mlpLayer(Builder b, Var x) {
        return ActivationOps.relu(b, linear(b, x, MLP_WIDTH, MLP_WIDTH));
    }

    private Var residualBlock(Builder b, Var x) {
        List<Var> branches = new ArrayList<>(BRANCHES + 1);
        Var w0 = null;
        Var b0 = null;
        for (int i = 0; i < BRANCHES; i++) {
            Var w = weight(b, MLP_WIDTH, MLP_WIDTH);
            Var bias = weight(b, MLP_WIDTH);
            if (i == 0) {
                w0 = w;
                b0 = bias;
            }
            branches.add(ActivationOps.relu(b, NnOps.linear(b, x, w, Optional.of(bias))));
        }
        // the same computation as branch 0: common subexpression elimination merges it
        branches.add(ActivationOps.relu(b, NnOps.linear(b, x, w0, Optional.of(b0))));
        // an unused op: dead code elimination removes it
        ActivationOps.sigmoid(b, x);
        Var sum = branches.get(0);
        for (int i = 1; i < branches.size(); i++) {
            sum = MathOps.add(b, sum, branches.get(i));
        }
        return MathOps.add(b, x, sum);
    }

    private Var transformerBlock(Builder b, Var x) {
        int headDim = MODEL / HEADS;
        Var n1 = layerNorm(b, x);
        Var q = heads(b, linear(b, n1, MODEL, MODEL), headDim);
        Var k = heads(b, linear(b, n1, MODEL, MODEL), headDim);
        Var v = heads(b, linear(b, n1, MODEL, MODEL), headDim);
        Var scores = NnOps.matmul(b, q, k, false, true);
        Var scaled = MathOps.mul(b, scores, b.constant(TensorValue.scalar((float) (1 / Math.sqrt(headDim)))));
        Var attention = NnOps.matmul(b, ActivationOps.softmax(b, scaled, -1), v, false, false);
        Var merged = TensorOps.reshape(b, TensorOps.transpose(b, attention, 0, 2, 1, 3), 1, SEQ, MODEL);
        Var h = MathOps.add(b, x, linear(b, merged, MODEL, MODEL));
        Var up = ActivationOps.gelu(b, linear(b, layerNorm(b, h), FF, MODEL), "EXACT");
        return MathOps.add(b, h, linear(b, up, MODEL, FF));
    }

    private static Var heads(Builder b, Var x, int headDim) {
        return TensorOps.transpose(b, TensorOps.reshape(b, x, 1, SEQ, HEADS, headDim), 0, 2, 1, 3);
    }

    private Var layerNorm(Builder b, Var x) {
        return NnOps.layerNorm(b, x, new int[] {-1}, Optional.of(weight(b, MODEL)), Optional.of(weight(b, MODEL)),
                1e-5);
    }

    private Var linear(Builder b, Var x, int out, int in) {
        return NnOps.linear(b, x, weight(b, out, in), Optional.of(weight(b, out)));
    }

    /** A constant of the given shape whose values differ from every other weight's. */
    private Var weight(Builder b, long... shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] values = new float[n];
        int s = seed++;
        for (int i = 0; i < n; i++) {
            values[i] = ((s * 31 + i * 17) % 1000) / 1000f - 0.5f;
        }
        values[0] = s; // unique per weight
        return b.constant(TensorValue.ofFloats(Shape.of(shape), values));
    }
}
