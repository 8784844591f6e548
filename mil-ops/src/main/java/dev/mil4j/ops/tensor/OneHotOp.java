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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code one_hot(indices, one_hot_vector_size, axis=-1, on_value=1, off_value=0)}: one vector per index, holding
 * {@code on_value} at the index and {@code off_value} elsewhere.
 *
 * <p>Inputs: {@code indices}, int32; {@code one_hot_vector_size}, int32 scalar (the depth), const or not;
 * {@code axis}, const int32 in {@code [-(rank+1), rank]}: where the new dim goes; {@code on_value},
 * {@code off_value}: const scalars of one dtype (fp16, fp32, int32, bool; int32 by default). Output: {@code on_value}'s
 * dtype, {@code indices}' shape with the depth inserted at {@code axis} (a fresh symbol, unique to this op, when the
 * depth is not const).
 */
public final class OneHotOp extends OpDef {
    public OneHotOp() {
        super("one_hot", Opset.IOS15, InputSpec.builder()
                .tensor("indices", DType.INT32)
                .scalar("one_hot_vector_size", DType.INT32)
                .scalar("axis", DType.INT32).constant().defaultValue(TensorValue.scalar(-1))
                .scalar("on_value", "T").constant().optional()
                .scalar("off_value", "T").constant().optional()
                .domain("T", Domains.IOS15_DATA)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType indices = ctx.tensor("indices");
        DType dtype = ctx.optionalTensor("on_value").or(() -> ctx.optionalTensor("off_value"))
                .map(TensorType::dtype).orElse(DType.INT32);
        int axis = Args.axis("axis", ctx.constLong("axis"), indices.rank() + 1);
        Optional<TensorValue> depth = ctx.value("one_hot_vector_size");
        Dim d;
        if (depth.isPresent()) {
            if (depth.get().scalarLong() < 0) {
                throw new TypeException("one_hot_vector_size", "must not be negative, got "
                        + depth.get().scalarLong());
            }
            d = Dim.of(depth.get().scalarLong());
        } else {
            d = ctx.freshSymbol("depth");
        }
        List<Dim> out = new ArrayList<>(indices.shape().dims());
        out.add(axis, d);
        return List.of(new TensorType(dtype, Shape.of(out)));
    }

    @Override
    public String summary() {
        return "one-hot vectors of given length for integer indices";
    }
}
