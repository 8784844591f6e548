package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code flatten2d(x, axis=1)}: reshapes {@code x} to {@code [prod(x.shape[:axis]), prod(x.shape[axis:])]}.
 *
 * <p>Inputs: {@code x} (fp16, fp32, int32, bool); {@code axis}, const int32 in {@code [-rank, rank]}, default 1.
 * Output: rank 2, {@code x}'s dtype; a product with symbols is the symbol {@code B_x_3}-style expression. Folds when
 * {@code x} is const.
 */
public final class Flatten2dOp extends OpDef {
    public Flatten2dOp() {
        super("flatten2d", Opset.IOS15, InputSpec.builder()
                .tensor("x", "T")
                .scalar("axis", DType.INT32).constant().defaultValue(TensorValue.scalar(1))
                .domain("T", Domains.IOS15_DATA)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        return List.of(x.withShape(flattened(ctx, x.shape())));
    }

    private static Shape flattened(InferenceContext ctx, Shape in) {
        long axis = ctx.constLong("axis");
        long a = axis < 0 ? axis + in.rank() : axis;
        if (a < 0 || a > in.rank()) {
            throw new TypeException("axis", "is " + axis + ", out of range [" + (-in.rank()) + ", " + in.rank()
                    + "] for rank " + in.rank());
        }
        return Shape.of(DimMath.product(in.slice(0, (int) a).dims()),
                DimMath.product(in.slice((int) a, in.rank()).dims()));
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        return ctx.value("x").map(x -> List.of(x.reshape(flattened(ctx, x.shape()))));
    }

    @Override
    public String summary() {
        return "reshapes to a matrix, splitting the dims at one axis";
    }
}
