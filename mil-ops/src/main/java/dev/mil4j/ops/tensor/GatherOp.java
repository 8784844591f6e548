package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.SymbolicInt;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.internal.TensorIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code gather(x, indices, axis=0)}: slices of {@code x} along {@code axis} picked by {@code indices}.
 *
 * <p>Inputs: {@code x} (fp16, fp32, int32); {@code indices}, int32 (iOS16+: int16, int32, uint16), any rank; {@code axis},
 * const int32, default 0. iOS16 adds {@code batch_dims}, const int32, default 0: the leading dims shared by {@code x}
 * and {@code indices}. iOS17 adds {@code validate_indices}, const bool, default false, and only accepts non-negative
 * indices (before iOS17, {@code -n <= i < n}).
 *
 * <p>Output: {@code x.shape[:axis] + indices.shape[batch_dims:] + x.shape[axis+1:]}, {@code x}'s dtype. Folds when
 * {@code x} and {@code indices} are const ({@code gather(shape(x), i)} in shape arithmetic).
 */
public final class GatherOp extends GatheringOp {
    /** The iOS15 definition. */
    public static GatherOp ios15() {
        return new GatherOp(Opset.IOS15);
    }

    /** The iOS16 definition: adds {@code batch_dims} and int16/uint16 indices. */
    public static GatherOp ios16() {
        return new GatherOp(Opset.IOS16);
    }

    /** The iOS17 definition: adds {@code validate_indices} and accepts only non-negative indices. */
    public static GatherOp ios17() {
        return new GatherOp(Opset.IOS17);
    }

    private GatherOp(Opset since) {
        super("gather", since, b -> b.scalar("axis", DType.INT32).constant().defaultValue(TensorValue.scalar(0)));
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        TensorType indices = ctx.tensor("indices");
        int axis = Args.axis("axis", ctx.constLong("axis"), x.rank());
        int batch = batchDims(ctx);
        if (batch < 0 || batch > axis || batch > indices.rank()) {
            throw new TypeException("batch_dims", "is " + batch + "; it must be in [0, min(axis, rank(indices))] = [0, "
                    + Math.min(axis, indices.rank()) + "]");
        }
        if (validatesIndices(ctx)) {
            ctx.value("indices").ifPresent(v -> checkRange(v, x.shape().dim(axis), false));
        }
        List<Dim> out = new ArrayList<>(x.shape().slice(0, axis).dims());
        out.addAll(indices.shape().slice(batch, indices.rank()).dims());
        out.addAll(x.shape().slice(axis + 1, x.rank()).dims());
        return List.of(x.withShape(Shape.of(out)));
    }

    private static void checkRange(TensorValue indices, Dim size, boolean allowNegative) {
        if (!size.isKnown()) {
            return;
        }
        for (long i = 0; i < indices.elementCount(); i++) {
            checkIndex(indices.getLong(i), size.size(), allowNegative, "");
        }
    }

    @Override
    protected long[] sources(InferenceContext ctx, TensorValue x, TensorValue ind, Shape outShape) {
        boolean negatives = allowsNegativeIndices();
        long[] xs = x.shape().toLongArray();
        int axis = Args.axis("axis", ctx.constLong("axis"), xs.length);
        checkRange(ind, x.shape().dim(axis), negatives);
        int batch = batchDims(ctx);
        long[] is = ind.shape().toLongArray();
        long[] os = outShape.toLongArray();
        long[] xStrides = TensorIndex.strides(xs);
        long[] iStrides = TensorIndex.strides(is);
        long[] idx = new long[os.length];
        long[] src = new long[Math.toIntExact(outShape.elementCount().orElseThrow())];
        int idxRank = is.length - batch;
        for (int i = 0; i < src.length; i++) {
            Values.unravel(i, os, idx);
            long iFlat = 0;
            for (int k = 0; k < batch; k++) {
                iFlat += idx[k] * iStrides[k];
            }
            for (int k = 0; k < idxRank; k++) {
                iFlat += idx[axis + k] * iStrides[batch + k];
            }
            long pick = ind.getLong(iFlat);
            if (pick < 0) {
                pick += xs[axis];
            }
            long s = pick * xStrides[axis];
            for (int k = 0; k < axis; k++) {
                s += idx[k] * xStrides[k];
            }
            for (int k = axis + 1; k < xs.length; k++) {
                s += idx[k - 1 + idxRank] * xStrides[k];
            }
            src[i] = s;
        }
        return src;
    }

    /** {@code gather(v, i)} on a symbolically known vector {@code v} with const indices: the chosen elements. */
    @Override
    public Optional<List<SymbolicInt>> inferSymbolicValue(InferenceContext ctx) {
        Optional<List<SymbolicInt>> x = ctx.symbolicValue("x");
        Optional<TensorValue> indices = ctx.value("indices");
        if (x.isEmpty() || indices.isEmpty() || ctx.tensor("x").rank() != 1 || ctx.constLong("axis") != 0 && ctx.constLong("axis") != -1
                || indices.get().shape().rank() > 1) {
            return Optional.empty();
        }
        int n = x.get().size();
        List<SymbolicInt> out = new ArrayList<>();
        for (long i : indices.get().toLongArray()) {
            long k = i < 0 ? i + n : i;
            if (k < 0 || k >= n) {
                return Optional.empty();
            }
            out.add(x.get().get((int) k));
        }
        return Optional.of(out);
    }

    @Override
    public String summary() {
        return "picks slices along one axis by index";
    }
}
