package dev.mil4j.ops.control;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code list_length(ls)}: the current length of a list, an int32 scalar. Folds when the list type has a known
 * length (a fixed-length list).
 */
public final class ListLengthOp extends OpDef {
    public ListLengthOp() {
        super("list_length", Opset.IOS15, InputSpec.builder().list("ls").build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        ctx.list("ls");
        return List.of(TensorType.scalar(DType.INT32));
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Dim len = ctx.list("ls").length();
        return len.isKnown() ? Optional.of(List.of(TensorValue.scalar(Math.toIntExact(len.size()))))
                : Optional.empty();
    }

    @Override
    public String summary() {
        return "number of elements of a list";
    }
}
