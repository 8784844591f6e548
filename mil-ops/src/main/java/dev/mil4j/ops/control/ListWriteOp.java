package dev.mil4j.ops.control;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.ListType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import java.util.List;

/**
 * {@code list_write(ls, index, value)}: the list with element {@code index} set to {@code value}.
 *
 * <p>Inputs: {@code ls}, a list; {@code index}, int32 scalar; {@code value} (fp16, fp32, int32, bool) of the list's
 * element type (a symbolic element dim takes any size). Output: the list's type.
 */
public final class ListWriteOp extends OpDef {
    public ListWriteOp() {
        super("list_write", Opset.IOS15, InputSpec.builder()
                .list("ls")
                .scalar("index", DType.INT32)
                .tensor("value", "T")
                .domain("T", ListTypes.ELEMENT_DTYPES)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        ListType ls = ctx.list("ls");
        TensorType value = ctx.tensor("value");
        if (!ListTypes.fits(value, ls.elementType())) {
            throw new TypeException("value", "has type " + value + ", but the list holds " + ls.elementType());
        }
        return List.of(ls);
    }

    @Override
    public String summary() {
        return "sets one element of a list";
    }
}
