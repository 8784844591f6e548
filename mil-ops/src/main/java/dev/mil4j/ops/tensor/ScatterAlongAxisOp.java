package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import java.util.List;

/**
 * {@code scatter_along_axis(data, indices, updates, axis=0, mode="add")}: the inverse of {@code gather_along_axis}:
 * {@code data[..., indices[..., i, ...], ...] (mode)= updates[..., i, ...]}.
 *
 * <p>Inputs: {@code data} (fp16, fp32, int32); {@code indices}, int32 of {@code data}'s rank, equal to it in every dim
 * but {@code axis}; {@code updates} of {@code indices}' shape and {@code data}'s dtype; {@code axis}, const int32,
 * default 0; {@code mode}, const string: update, add, sub, mul, div, max or min; iOS17 adds {@code validate_indices},
 * const bool, default false. Output: {@code data}'s type.
 */
public final class ScatterAlongAxisOp extends OpDef {
    /** The iOS15 definition. */
    public static ScatterAlongAxisOp ios15() {
        return new ScatterAlongAxisOp(Opset.IOS15);
    }

    /** The iOS17 definition: adds {@code validate_indices}. */
    public static ScatterAlongAxisOp ios17() {
        return new ScatterAlongAxisOp(Opset.IOS17);
    }

    private ScatterAlongAxisOp(Opset since) {
        super("scatter_along_axis", since, Scatters.spec(since, true));
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType data = ctx.tensor("data");
        TensorType indices = ctx.tensor("indices");
        TensorType updates = ctx.tensor("updates");
        Scatters.checkMode(ctx);
        int axis = Args.axis("axis", ctx.constLong("axis"), data.rank());
        if (indices.rank() != data.rank()) {
            throw new TypeException("indices", "has rank " + indices.rank() + ", but data has rank " + data.rank());
        }
        for (int i = 0; i < data.rank(); i++) {
            Dim a = data.shape().dim(i);
            Dim b = indices.shape().dim(i);
            if (i != axis && a.isKnown() && b.isKnown() && a.size() != b.size()) {
                throw new TypeException("indices", "has shape " + indices.shape() + ", but data has "
                        + data.shape() + "; they must agree in every dim but " + axis);
            }
        }
        if (!Shapes.compatible(updates.shape(), indices.shape())) {
            throw new TypeException("updates", "has shape " + updates.shape() + ", but indices has "
                    + indices.shape() + "; they must be equal");
        }
        return List.of(data);
    }

    @Override
    public String summary() {
        return "writes or combines one update per index along an axis";
    }
}
