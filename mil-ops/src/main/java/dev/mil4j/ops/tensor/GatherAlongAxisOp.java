package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.internal.TensorIndex;
import java.util.List;
import java.util.Optional;

/**
 * {@code gather_along_axis(x, indices, axis=0)}: {@code out[..., i, ...] = x[..., indices[..., i, ...], ...]}
 * (numpy's {@code take_along_axis}).
 *
 * <p>Inputs: {@code x} (fp16, fp32, int32); {@code indices}, int32 of the same rank, equal to {@code x} in every dim
 * but {@code axis}; {@code axis}, const int32, default 0; iOS17 adds {@code validate_indices}, const bool, default
 * false. Output: {@code indices}' shape, {@code x}'s dtype. Folds when both are const.
 */
public final class GatherAlongAxisOp extends OpDef {
    /** The iOS15 definition. */
    public static GatherAlongAxisOp ios15() {
        return new GatherAlongAxisOp(Opset.IOS15);
    }

    /** The iOS17 definition: adds {@code validate_indices}. */
    public static GatherAlongAxisOp ios17() {
        return new GatherAlongAxisOp(Opset.IOS17);
    }

    private GatherAlongAxisOp(Opset since) {
        super("gather_along_axis", since, Scatters.withValidate(since, InputSpec.builder()
                .tensor("x", "T")
                .tensor("indices", DType.INT32)
                .scalar("axis", DType.INT32).constant().defaultValue(TensorValue.scalar(0)))
                .domain("T", Domains.IOS15_NUMERIC).build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        TensorType indices = ctx.tensor("indices");
        if (x.rank() != indices.rank()) {
            throw new TypeException("indices", "has rank " + indices.rank() + ", but x has rank " + x.rank());
        }
        int axis = Args.axis("axis", ctx.constLong("axis"), x.rank());
        for (int i = 0; i < x.rank(); i++) {
            Dim a = x.shape().dim(i);
            Dim b = indices.shape().dim(i);
            if (i != axis && a.isKnown() && b.isKnown() && a.size() != b.size()) {
                throw new TypeException("indices", "has shape " + indices.shape() + ", but x has " + x.shape()
                        + "; they must agree in every dim but " + axis);
            }
        }
        return List.of(x.withShape(indices.shape()));
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> xv = ctx.value("x");
        Optional<TensorValue> iv = ctx.value("indices");
        if (xv.isEmpty() || iv.isEmpty() || !Values.foldable(iv.get().shape())) {
            return Optional.empty();
        }
        inferTypes(ctx);
        long[] xs = xv.get().shape().toLongArray();
        long[] is = iv.get().shape().toLongArray();
        int axis = Args.axis("axis", ctx.constLong("axis"), xs.length);
        long[] strides = TensorIndex.strides(xs);
        long[] idx = new long[is.length];
        long[] src = new long[Math.toIntExact(iv.get().elementCount())];
        for (int i = 0; i < src.length; i++) {
            Values.unravel(i, is, idx);
            long pick = iv.get().getLong(i);
            if (pick < 0) {
                pick += xs[axis];
            }
            if (pick < 0 || pick >= xs[axis]) {
                throw new TypeException("indices", "holds " + iv.get().getLong(i) + ", out of range for dim "
                        + axis + " of size " + xs[axis]);
            }
            long s = 0;
            for (int k = 0; k < xs.length; k++) {
                s += (k == axis ? pick : idx[k]) * strides[k];
            }
            src[i] = s;
        }
        return Optional.of(List.of(Values.take(xv.get(), Shape.of(is), src)));
    }

    @Override
    public String summary() {
        return "picks one element per index along an axis (take_along_axis)";
    }
}
