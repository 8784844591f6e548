package dev.mil4j.ops.control;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.ValueType;
import java.util.List;

/**
 * {@code list_read(ls, index)}: element {@code index} of a list. Inputs: {@code ls}, a list; {@code index}, int32
 * scalar. Output: the list's element type.
 */
public final class ListReadOp extends OpDef {
    public ListReadOp() {
        super("list_read", Opset.IOS15, InputSpec.builder().list("ls").scalar("index", DType.INT32).build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        return List.of(ctx.list("ls").elementType());
    }

    @Override
    public String summary() {
        return "one element of a list";
    }
}
