package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code scatter(data, indices, updates, axis=0, mode="add")}: writes slices of {@code updates} into {@code data} at
 * positions {@code indices} along {@code axis}, combining by {@code mode}.
 *
 * <p>Inputs: {@code data} (fp16, fp32, int32); {@code indices}, int32 (1-D in practice);
 * {@code updates}, {@code data.shape[:axis] + indices.shape + data.shape[axis+1:]}, {@code data}'s dtype; {@code axis},
 * const int32, default 0; {@code mode}, const string: update, add, sub, mul, div, max or min; iOS17 adds
 * {@code validate_indices}, const bool, default false, and only accepts non-negative indices. Output: {@code data}'s
 * type.
 */
public final class ScatterOp extends OpDef {
    /** The iOS15 definition. */
    public static ScatterOp ios15() {
        return new ScatterOp(Opset.IOS15);
    }

    /** The iOS17 definition: adds {@code validate_indices}. */
    public static ScatterOp ios17() {
        return new ScatterOp(Opset.IOS17);
    }

    private ScatterOp(Opset since) {
        super("scatter", since, Scatters.spec(since, true));
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType data = ctx.tensor("data");
        TensorType indices = ctx.tensor("indices");
        TensorType updates = ctx.tensor("updates");
        Scatters.checkMode(ctx);
        int axis = Args.axis("axis", ctx.constLong("axis"), data.rank());
        List<Dim> expected = new ArrayList<>(data.shape().slice(0, axis).dims());
        expected.addAll(indices.shape().dims());
        expected.addAll(data.shape().slice(axis + 1, data.rank()).dims());
        Shape want = Shape.of(expected);
        if (!Shapes.compatible(updates.shape(), want)) {
            throw new TypeException("updates", "has shape " + updates.shape() + ", but data " + data.shape()
                    + " and indices " + indices.shape() + " along axis " + axis + " need " + want);
        }
        return List.of(data);
    }

    @Override
    public String summary() {
        return "writes or combines slices into a tensor along one axis by index";
    }
}
