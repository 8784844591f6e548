package dev.mil4j.frontend.tensorflow.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslation;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import java.util.List;

/** Small helpers shared by the translation families: constants, axes, layouts and common op chains. */
final class Emit {
    /** NHWC to NCHW, and back. */
    static final int[] TO_NCHW = {0, 3, 1, 2};
    static final int[] TO_NHWC = {0, 2, 3, 1};

    private Emit() {
    }

    /** A translation emitting one MIL op on the node's only input. */
    static TfTranslation unary(String milOp) {
        return (n, c) -> one(c.builder().op(milOp).input("x", c.input(0)).output());
    }

    /** A translation emitting one MIL op on the node's two inputs ({@code x}, {@code y}). */
    static TfTranslation binary(String milOp) {
        return (n, c) -> one(binary(c.builder(), milOp, c.input(0), c.input(1)));
    }

    static Var binary(Builder b, String op, Var x, Var y) {
        return b.op(op).input("x", x).input("y", y).output();
    }

    /** A scalar constant of {@code x}'s dtype. */
    static TensorValue scalarLike(Var x, double value) {
        return TensorValue.fromDoubles(x.tensorType().dtype(), Shape.scalar(), value);
    }

    static Var mulScalar(Builder b, Var x, double v) {
        return b.op("mul").input("x", x).input("y", scalarLike(x, v)).output();
    }

    static Var transpose(Builder b, Var x, int[] perm) {
        return b.op("transpose").input("x", x).input("perm", TensorValue.vector(perm)).output();
    }

    static Var reshape(Builder b, Var x, int... shape) {
        return b.op("reshape").input("x", x).input("shape", TensorValue.vector(shape)).output();
    }

    static int rank(Var x) {
        return x.tensorType().rank();
    }

    static int[] ints(long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.toIntExact(v[i]);
        }
        return out;
    }

    /** The values of a constant integer input as ints. */
    static int[] constInts(TfTranslationContext c, int input, String what) {
        return ints(c.constInput(input, what).toLongArray());
    }

    /** An axis in {@code [-rank, rank)} made non-negative; an error naming the node otherwise. */
    static int axis(TfTranslationContext c, long axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw c.error("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** The static shape of {@code x}, or an error saying that the node needs one. */
    static long[] staticShape(TfTranslationContext c, Var x, String why) {
        Shape s = x.tensorType().shape();
        if (!s.isStatic()) {
            throw c.error(why + " needs a static input shape, got " + s,
                    "give the model's inputs fixed shapes (InputType) when converting");
        }
        return s.toLongArray();
    }

    /** Whether the node's {@code data_format} puts channels first ({@code NCHW}, {@code NCDHW}). */
    static boolean channelsFirst(TfNode n, TfTranslationContext c) {
        String f = n.stringAttr("data_format", "NHWC");
        return switch (f) {
            case "NHWC", "NDHWC", "NWC" -> false;
            case "NCHW", "NCDHW", "NCW" -> true;
            default -> throw c.error("has data_format `" + f + "`; expected NHWC or NCHW");
        };
    }

    /** The permutation moving the last axis of a rank-{@code r} tensor to axis 1. */
    static int[] channelsToFront(int r) {
        int[] p = new int[r];
        p[0] = 0;
        p[1] = r - 1;
        for (int i = 2; i < r; i++) {
            p[i] = i - 1;
        }
        return p;
    }

    /** The inverse of {@link #channelsToFront}. */
    static int[] channelsToBack(int r) {
        int[] p = new int[r];
        p[0] = 0;
        for (int i = 1; i < r - 1; i++) {
            p[i] = i + 1;
        }
        p[r - 1] = 1;
        return p;
    }

    /** The spatial entries of a per-dim attribute such as {@code strides} ({@code [1, h, w, 1]}). */
    static int[] spatial(TfTranslationContext c, long[] perDim, boolean channelsFirst, String what) {
        int s = perDim.length - 2;
        if (s < 1) {
            throw c.error("has " + what + " of length " + perDim.length + "; expected one entry per input dim");
        }
        int[] out = new int[s];
        for (int i = 0; i < s; i++) {
            out[i] = Math.toIntExact(perDim[channelsFirst ? i + 2 : i + 1]);
        }
        return out;
    }

    static List<Var> one(Var v) {
        return List.of(v);
    }

    static DType dtype(Var x) {
        return x.tensorType().dtype();
    }
}
