package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Small helpers shared by the translation families: constants of a var's dtype, axes, common op chains. */
final class Emit {
    private Emit() {
    }

    /** A scalar constant of {@code x}'s dtype. */
    static TensorValue scalarLike(Var x, double value) {
        return TensorValue.fromDoubles(x.tensorType().dtype(), Shape.scalar(), value);
    }

    static int[] ints(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(values[i]);
        }
        return out;
    }

    /** The values of an integer constant as longs. */
    static long[] longs(TensorValue v) {
        return v.toLongArray();
    }

    static int rank(Var x) {
        return x.tensorType().rank();
    }

    /** An axis in {@code [-rank, rank)} made non-negative; an error naming the node otherwise. */
    static int axis(OnnxTranslationContext ctx, long axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw ctx.error("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    static int[] axes(OnnxTranslationContext ctx, long[] axes, int rank) {
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = axis(ctx, axes[i], rank);
        }
        return out;
    }

    static Var unary(Builder b, String op, Var x) {
        return b.op(op).input("x", x).output();
    }

    static Var binary(Builder b, String op, Var x, Var y) {
        return b.op(op).input("x", x).input("y", y).output();
    }

    static Var mulScalar(Builder b, Var x, double v) {
        return b.op("mul").input("x", x).input("y", scalarLike(x, v)).output();
    }

    static Var reshape(Builder b, Var x, long[] shape) {
        return b.op("reshape").input("x", x).input("shape", TensorValue.vector(ints(shape))).output();
    }

    static Var transpose(Builder b, Var x, int[] perm) {
        return b.op("transpose").input("x", x).input("perm", TensorValue.vector(perm)).output();
    }

    /** The static shape of {@code x}, or an error saying that the node needs one. */
    static long[] staticShape(OnnxTranslationContext ctx, Var x, String why) {
        Shape s = x.tensorType().shape();
        if (!s.isStatic()) {
            throw ctx.error(why + " needs a static input shape, got " + s,
                    "give the model's inputs fixed shapes (InputType) when converting");
        }
        return s.toLongArray();
    }

    /** Transposes a constant matrix (any fixed-size dtype), without emitting an op. */
    static TensorValue transpose2d(TensorValue m) {
        long[] dims = m.shape().toLongArray();
        int rows = Math.toIntExact(dims[0]);
        int cols = Math.toIntExact(dims[1]);
        int size = m.dtype().byteSize();
        ByteBuffer src = m.buffer();
        ByteBuffer dst = ByteBuffer.allocate(rows * cols * size).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                for (int k = 0; k < size; k++) {
                    dst.put((c * rows + r) * size + k, src.get(src.position() + (r * cols + c) * size + k));
                }
            }
        }
        return TensorValue.wrap(m.dtype(), Shape.of(cols, rows), dst);
    }

    static boolean isFloat(Var x) {
        return x.tensorType().dtype().isFloat();
    }

    static TensorType type(Var x) {
        return x.tensorType();
    }

    static Dim dim(Var x, int i) {
        return x.tensorType().shape().dim(i);
    }

    static List<Var> one(Var v) {
        return List.of(v);
    }

    static DType dtype(Var x) {
        return x.tensorType().dtype();
    }
}
