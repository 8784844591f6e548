package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.value.TensorValue;
import java.util.Arrays;
import java.util.Optional;

/** Reading and checking the const parameters that tensor ops share (axes, perms, masks). */
final class Args {
    private Args() {
    }

    /** A const 0-d or 1-d integer input as longs. */
    static long[] constInts(InferenceContext ctx, String input) {
        TensorValue v = ctx.constValue(input);
        if (v.shape().rank() > 1) {
            throw new TypeException(input, "must be a 1-D tensor, got " + v.type());
        }
        return v.toLongArray();
    }

    /** A 1-d input of known length; the length when known, else a TypeException. */
    static int vectorLength(InferenceContext ctx, String input) {
        TensorType t = ctx.tensor(input);
        if (t.rank() != 1) {
            throw new TypeException(input, "must be a 1-D tensor, got " + t);
        }
        if (!t.shape().dim(0).isKnown()) {
            throw new TypeException(input, "must have a known length, got " + t);
        }
        return Math.toIntExact(t.shape().dim(0).size());
    }

    /** A const bool vector of length {@code n}, or all {@code false} when absent. */
    static boolean[] mask(InferenceContext ctx, String input, int n) {
        boolean[] out = new boolean[n];
        Optional<TensorValue> v = ctx.value(input);
        if (v.isEmpty()) {
            return out;
        }
        if (v.get().elementCount() != n) {
            throw new TypeException(input, "must have " + n + " elements (one per dim of x), got " + v.get().type());
        }
        for (int i = 0; i < n; i++) {
            out[i] = v.get().getBoolean(i);
        }
        return out;
    }

    /** Normalizes an axis against {@code rank}, reporting a problem with {@code input}. */
    static int axis(String input, long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new TypeException(input, "is " + axis + ", out of range [" + (-rank) + ", " + rank + ") for rank "
                    + rank);
        }
        return (int) a;
    }

    /** Normalized, distinct axes. */
    static int[] axes(String input, long[] axes, int rank) {
        int[] out = new int[axes.length];
        boolean[] seen = new boolean[Math.max(rank, 0)];
        for (int i = 0; i < axes.length; i++) {
            out[i] = axis(input, axes[i], rank);
            if (seen[out[i]]) {
                throw new TypeException(input, "repeats axis " + out[i] + ": " + Arrays.toString(axes));
            }
            seen[out[i]] = true;
        }
        return out;
    }
}
