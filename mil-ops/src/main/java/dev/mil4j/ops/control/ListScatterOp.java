package dev.mil4j.ops.control;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.ListType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import java.util.List;

/**
 * {@code list_scatter(ls, indices, value)}: the list with element {@code indices[i]} set to {@code value[i]}.
 *
 * <p>Inputs: {@code ls}, a list; {@code indices}, a 1-D int32 tensor of {@code N} positions; {@code value}
 * (fp16, fp32, int32, bool), {@code [N, *elem_shape]} of the element dtype. Output: the list's type.
 */
public final class ListScatterOp extends OpDef {
    public ListScatterOp() {
        super("list_scatter", Opset.IOS15, InputSpec.builder()
                .list("ls")
                .tensor("indices", DType.INT32)
                .tensor("value", "T")
                .domain("T", ListTypes.ELEMENT_DTYPES)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        ListType ls = ctx.list("ls");
        TensorType indices = ctx.tensor("indices");
        TensorType value = ctx.tensor("value");
        if (indices.rank() != 1) {
            throw new TypeException("indices", "must be a 1-D tensor, got " + indices);
        }
        if (value.rank() == 0) {
            throw new TypeException("value", "must have a leading dim (one element per index), got a scalar");
        }
        Dim n = indices.shape().dim(0);
        Dim m = value.shape().dim(0);
        if (n.isKnown() && m.isKnown() && n.size() != m.size()) {
            throw new TypeException("value", "has " + m + " elements along dim 0, but indices has " + n);
        }
        TensorType element = value.withShape(value.shape().slice(1, value.rank()));
        if (!ListTypes.fits(element, ls.elementType())) {
            throw new TypeException("value", "has elements of type " + element + ", but the list holds "
                    + ls.elementType());
        }
        return List.of(ls);
    }

    @Override
    public String summary() {
        return "sets several list elements at once";
    }
}
