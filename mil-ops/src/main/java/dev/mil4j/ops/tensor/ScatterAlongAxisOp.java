package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Set;

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
    static final Set<String> MODES = Set.of("update", "add", "sub", "mul", "div", "max", "min");

    /** The iOS15 definition. */
    public static ScatterAlongAxisOp ios15() {
        return new ScatterAlongAxisOp(Opset.IOS15);
    }

    /** The iOS17 definition: adds {@code validate_indices}. */
    public static ScatterAlongAxisOp ios17() {
        return new ScatterAlongAxisOp(Opset.IOS17);
    }

    private ScatterAlongAxisOp(Opset since) {
        super("scatter_along_axis", since, withValidate(since, InputSpec.builder()
                .tensor("data", "T")
                .tensor("indices", DType.INT32)
                .tensor("updates", "T")
                .scalar("axis", DType.INT32).constant().defaultValue(TensorValue.scalar(0))
                .scalar("mode", DType.STRING).constant().defaultValue(TensorValue.scalar("add")))
                .domain("T", Domains.IOS15_NUMERIC).build());
    }

    /** Adds iOS17's {@code validate_indices} to a gather/scatter spec. */
    static InputSpec.Builder withValidate(Opset since, InputSpec.Builder b) {
        return since.compareTo(Opset.IOS17) >= 0
                ? b.scalar("validate_indices", DType.BOOL).constant().defaultValue(TensorValue.scalar(false))
                : b;
    }

    static void checkMode(InferenceContext ctx) {
        String mode = ctx.constValue("mode").scalarString();
        if (!MODES.contains(mode)) {
            throw new TypeException("mode", "is '" + mode + "'; use one of add, div, max, min, mul, sub, update");
        }
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType data = ctx.tensor("data");
        TensorType indices = ctx.tensor("indices");
        TensorType updates = ctx.tensor("updates");
        checkMode(ctx);
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
