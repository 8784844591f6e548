package dev.mil4j.ops.control;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.ListType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code list_gather(ls, indices)}: the selected elements stacked into one tensor.
 *
 * <p>Inputs: {@code ls}, a list; {@code indices}, a 1-D int32 tensor. Output: {@code [len(indices), *elem_shape]} of
 * the element dtype.
 */
public final class ListGatherOp extends OpDef {
    public ListGatherOp() {
        super("list_gather", Opset.IOS15, InputSpec.builder().list("ls").tensor("indices", DType.INT32).build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        ListType ls = ctx.list("ls");
        TensorType indices = ctx.tensor("indices");
        if (indices.rank() != 1) {
            throw new TypeException("indices", "must be a 1-D tensor, got " + indices);
        }
        List<Dim> dims = new ArrayList<>();
        dims.add(indices.shape().dim(0));
        dims.addAll(ls.elementType().shape().dims());
        return List.of(ls.elementType().withShape(Shape.of(dims)));
    }

    @Override
    public String summary() {
        return "stacks the list elements at the given indices";
    }
}
