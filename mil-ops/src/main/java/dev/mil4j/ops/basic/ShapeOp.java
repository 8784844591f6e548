package dev.mil4j.ops.basic;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.SymbolicInt;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code shape}: the shape of {@code x} as an int32 vector.
 *
 * <p>Input {@code x}: a tensor in {@code T} = fp16, fp32, int32, bool. Output: an int32 tensor of shape
 * {@code [rank(x)]}, const when the shape of {@code x} is static (even when its values are not known).
 */
public final class ShapeOp extends OpDef {
    public ShapeOp() {
        super("shape", Opset.IOS15, InputSpec.builder()
                .tensor("x", "T")
                .domain("T", DType.FP16, DType.FP32, DType.INT32, DType.BOOL)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        return List.of(TensorType.of(DType.INT32, ctx.tensor("x").rank()));
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Shape s = ctx.tensor("x").shape();
        if (!s.isStatic()) {
            return Optional.empty();
        }
        return Optional.of(List.of(TensorValue.fromLongs(DType.INT32, Shape.of(s.rank()), s.toLongArray())));
    }

    @Override
    public Optional<List<SymbolicInt>> inferSymbolicValue(InferenceContext ctx) {
        Shape s = ctx.tensor("x").shape();
        return s.rank() <= InferenceContext.MAX_SYMBOLIC_ELEMENTS ? Optional.of(SymbolicInt.of(s)) : Optional.empty();
    }

    @Override
    public String summary() {
        return "the shape of a tensor as an int32 vector";
    }
}
