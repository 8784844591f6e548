package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code concat} and {@code stack} share: the shape their {@code values} agree on, the values when all are const,
 * and the output built from blocks of elements taken from each value in turn.
 */
final class Joining {
    private Joining() {
    }

    /**
     * The dims of the {@code values}, which must all have one rank and, but at {@code freeAxis} (-1 for none), equal
     * dims: a known dim stands for an unknown one. {@code rule} ends the message when two dims differ.
     */
    static Dim[] commonDims(List<TensorType> values, int freeAxis, String rule) {
        Shape first = values.get(0).shape();
        Dim[] dims = first.toDimArray();
        for (int v = 1; v < values.size(); v++) {
            Shape s = values.get(v).shape();
            if (s.rank() != dims.length) {
                throw new TypeException("values", "mixes ranks: value 0 is " + first + ", value " + v + " is " + s);
            }
            for (int i = 0; i < dims.length; i++) {
                Dim b = s.dim(i);
                if (i == freeAxis || dims[i].equals(b) || !b.isKnown()) {
                    continue;
                }
                if (dims[i].isKnown()) {
                    throw new TypeException("values", "do not fit together: value 0 is " + first + ", value " + v
                            + " is " + s + " (" + rule + ")");
                }
                dims[i] = b;
            }
        }
        return dims;
    }

    /** How an op lays its values out in the output: the number of rounds, and the block of each value per round. */
    interface Layout {
        /** Fills {@code blocks} (one entry per value) and returns the rounds, given the output dims and the axis. */
        long rounds(List<TensorValue> values, long[] out, int axis, long[] blocks);
    }

    /**
     * The folded output of {@code op} ({@code concat} or {@code stack}) when every value is const and the output is
     * small enough to fold, laid out as {@code layout} says; empty otherwise.
     */
    static Optional<List<TensorValue>> fold(InferenceContext ctx, OpDef op, Layout layout) {
        Optional<List<TensorValue>> xs = constValues(ctx);
        if (xs.isEmpty()) {
            return Optional.empty();
        }
        Shape outShape = ((TensorType) op.inferTypes(ctx).get(0)).shape();
        if (!Values.foldable(outShape)) {
            return Optional.empty();
        }
        long[] out = outShape.toLongArray();
        int axis = Args.axis("axis", ctx.constLong("axis"), out.length);
        long[] blocks = new long[xs.get().size()];
        long rounds = layout.rounds(xs.get(), out, axis, blocks);
        return Optional.of(List.of(joined(xs.get(), outShape, rounds, blocks)));
    }

    /** The values of the variadic input {@code values} when every one is const; empty otherwise. */
    private static Optional<List<TensorValue>> constValues(InferenceContext ctx) {
        List<TensorValue> xs = new ArrayList<>();
        for (Optional<TensorValue> v : ctx.values("values")) {
            if (v.isEmpty()) {
                return Optional.empty();
            }
            xs.add(v.get());
        }
        return Optional.of(xs);
    }

    /**
     * The tensor of shape {@code out} made in {@code rounds} rounds, each taking the next {@code blocks[v]} elements
     * of every value {@code v} in turn.
     */
    private static TensorValue joined(List<TensorValue> xs, Shape out, long rounds, long[] blocks) {
        int n = Math.toIntExact(out.elementCount().orElseThrow());
        int[] which = new int[n];
        long[] src = new long[n];
        int at = 0;
        for (long r = 0; r < rounds; r++) {
            for (int v = 0; v < xs.size(); v++) {
                for (long e = 0; e < blocks[v]; e++, at++) {
                    which[at] = v;
                    src[at] = r * blocks[v] + e;
                }
            }
        }
        return Values.takeMany(xs, out, which, src);
    }
}
