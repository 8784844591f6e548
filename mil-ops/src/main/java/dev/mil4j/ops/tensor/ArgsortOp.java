package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code argsort(x, axis=-1, ascending=false)}: the int32 positions that sort {@code x} along {@code axis}
 * (descending by default; ties keep their original order).
 *
 * <p>Inputs: {@code x} (fp16, fp32, int32); {@code axis}, const int32; {@code ascending}, const bool. Output: int32,
 * {@code x}'s shape. Folds when {@code x} is const.
 */
public final class ArgsortOp extends OpDef {
    public ArgsortOp() {
        super("argsort", Opset.IOS15, InputSpec.builder()
                .tensor("x", "T")
                .scalar("axis", DType.INT32).constant().defaultValue(TensorValue.scalar(-1))
                .scalar("ascending", DType.BOOL).constant().defaultValue(TensorValue.scalar(false))
                .domain("T", Domains.IOS15_NUMERIC)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        Args.axis("axis", ctx.constLong("axis"), x.rank());
        return List.of(x.withDtype(DType.INT32));
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        return Values.foldableInput(ctx, "x").map(x -> fold(ctx, x));
    }

    private List<TensorValue> fold(InferenceContext ctx, TensorValue x) {
        int axis = Args.axis("axis", ctx.constLong("axis"), x.shape().rank());
        return List.of(Sorting.order(x, axis, x.shape().dim(axis).size(),
                ctx.constBoolean("ascending")));
    }

    @Override
    public String summary() {
        return "indices that sort a tensor along one axis";
    }
}
