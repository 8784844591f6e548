package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.internal.TensorIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code gather_nd(x, indices)}: slices of {@code x} addressed by the index tuples in the last dim of
 * {@code indices} ({@code tf.gather_nd}).
 *
 * <p>Inputs: {@code x} (fp16, fp32, int32); {@code indices}, int32 (iOS16+: int16, int32, uint16) of shape
 * {@code [*M, K]}, each row a tuple of {@code K} indices into the leading dims of {@code x}. iOS16 adds
 * {@code batch_dims}, const int32, default 0: the leading dims shared by {@code x} and {@code indices}, each tuple then
 * indexing the dims after them. iOS17 adds {@code validate_indices}, const bool, default false, and accepts only
 * non-negative indices (before iOS17, {@code -n <= i < n}).
 *
 * <p>Output: {@code indices.shape[:-1] + x.shape[batch_dims + K:]}, {@code x}'s dtype; {@code K} must be known.
 * Folds when {@code x} and {@code indices} are const.
 */
public final class GatherNdOp extends GatheringOp {
    /** The iOS15 definition. */
    public static GatherNdOp ios15() {
        return new GatherNdOp(Opset.IOS15);
    }

    /** The iOS16 definition: adds {@code batch_dims} and int16/uint16 indices. */
    public static GatherNdOp ios16() {
        return new GatherNdOp(Opset.IOS16);
    }

    /** The iOS17 definition: adds {@code validate_indices} and accepts only non-negative indices. */
    public static GatherNdOp ios17() {
        return new GatherNdOp(Opset.IOS17);
    }

    private GatherNdOp(Opset since) {
        super("gather_nd", since, b -> { });
    }

    @Override
    public String summary() {
        return "gathers slices of x at index tuples (tf.gather_nd)";
    }

    /** The length of the index tuples, checked against x and batch_dims. */
    static int tupleLength(TensorType x, TensorType indices, int batch) {
        if (indices.rank() < 1) {
            throw new TypeException("indices", "must have rank 1 or more ([*M, K]), got " + indices);
        }
        Dim k = indices.shape().dim(indices.rank() - 1);
        if (!k.isKnown()) {
            throw new TypeException("indices", "must have a known last dim (the index tuple length), got " + indices);
        }
        if (batch < 0 || batch >= indices.rank()) {
            throw new TypeException("batch_dims", "is " + batch + "; it must be in [0, rank(indices) - 1] = [0, "
                    + (indices.rank() - 1) + "]");
        }
        if (batch + k.size() > x.rank()) {
            throw new TypeException("indices", "holds tuples of " + k.size() + " indices, but x " + x.shape()
                    + " has only " + (x.rank() - batch) + " dims after " + batch + " batch dims");
        }
        return Math.toIntExact(k.size());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        TensorType indices = ctx.tensor("indices");
        int batch = batchDims(ctx);
        int k = tupleLength(x, indices, batch);
        if (validatesIndices(ctx)) {
            ctx.value("indices").ifPresent(v -> checkTuples(v, x.shape(), batch, k, false));
        }
        List<Dim> out = new ArrayList<>(indices.shape().slice(0, indices.rank() - 1).dims());
        out.addAll(x.shape().slice(batch + k, x.rank()).dims());
        return List.of(x.withShape(Shape.of(out)));
    }

    /** Every tuple entry must index its dim of {@code shape} (negative entries counting from the end if allowed). */
    static void checkTuples(TensorValue indices, Shape shape, int batch, int k, boolean allowNegative) {
        for (long i = 0; i < indices.elementCount(); i++) {
            Dim d = shape.dim(batch + (int) (i % k));
            if (!d.isKnown()) {
                continue;
            }
            checkIndex(indices.getLong(i), d.size(), allowNegative, " for dim " + (batch + i % k));
        }
    }

    @Override
    protected long[] sources(InferenceContext ctx, TensorValue x, TensorValue ind, Shape outShape) {
        int batch = batchDims(ctx);
        long[] xs = x.shape().toLongArray();
        long[] is = ind.shape().toLongArray();
        int k = (int) is[is.length - 1];
        checkTuples(ind, x.shape(), batch, k, allowsNegativeIndices());
        long[] xStrides = TensorIndex.strides(xs);
        long tuples = Values.product(is, 0, is.length - 1);
        long inner = Values.product(xs, batch + k, xs.length);
        long perBatch = Values.product(is, batch, is.length - 1);
        long[] src = new long[Math.toIntExact(tuples * inner)];
        long[] bIdx = new long[batch];
        long[] bShape = java.util.Arrays.copyOf(is, batch);
        for (long t = 0; t < tuples; t++) {
            Values.unravel(perBatch == 0 ? 0 : t / perBatch, bShape, bIdx);
            long base = 0;
            for (int d = 0; d < batch; d++) {
                base += bIdx[d] * xStrides[d];
            }
            for (int j = 0; j < k; j++) {
                long v = ind.getLong(t * k + j);
                base += (v < 0 ? v + xs[batch + j] : v) * xStrides[batch + j];
            }
            for (long r = 0; r < inner; r++) {
                src[(int) (t * inner + r)] = base + r;
            }
        }
        return src;
    }
}
