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
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code make_list(init_length=1, dynamic_length=true, elem_shape, dtype="fp32")}: a new list of tensors.
 *
 * <p>Inputs: {@code init_length}, int32 scalar, the initial (for a fixed list: the only) length; {@code dynamic_length},
 * const bool: whether writes may grow the list; {@code elem_shape}, const scalars, one per element dim: an int32 size
 * or a string naming a symbolic dim; {@code dtype}, const string, one of bool, fp16, fp32, int32.
 *
 * <p>Output: a {@link ListType}. Its length is {@code init_length} for a fixed list with a const length; a growing list
 * (or an unknown length) gets a fresh symbol unique to this op, e.g. {@code make_list_len_0}.
 */
public final class MakeListOp extends OpDef {
    private static final Set<DType> ELEMENT_DTYPES = Set.of(ListTypes.ELEMENT_DTYPES);

    public MakeListOp() {
        super("make_list", Opset.IOS15, InputSpec.builder()
                .scalar("init_length", DType.INT32).defaultValue(TensorValue.scalar(1))
                .scalar("dynamic_length", DType.BOOL).constant().defaultValue(TensorValue.scalar(true))
                .tensors("elem_shape", DType.INT32, DType.STRING).constant()
                .scalar("dtype", DType.STRING).constant().defaultValue(TensorValue.scalar("fp32"))
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        String name = ctx.constValue("dtype").scalarString();
        DType dtype = DType.fromMilName(name).filter(ELEMENT_DTYPES::contains).orElseThrow(() ->
                new TypeException("dtype", "is '" + name + "'; use one of bool, fp16, fp32, int32"));
        List<Dim> dims = new ArrayList<>();
        List<Optional<TensorValue>> shape = ctx.values("elem_shape");
        for (int i = 0; i < shape.size(); i++) {
            TensorValue v = shape.get(i).orElseThrow(() -> new TypeException("elem_shape", "must be const"));
            if (!v.isScalar()) {
                throw new TypeException("elem_shape", "must hold scalars, got " + v.type() + " at position " + i);
            }
            if (v.dtype() == DType.STRING) {
                String s = v.scalarString();
                if (!Dim.isSymbolName(s)) {
                    throw new TypeException("elem_shape", "has '" + s + "' at position " + i
                            + ", not a valid dim symbol (letters, digits and '_')");
                }
                dims.add(Dim.symbol(s));
            } else if (v.scalarLong() < 0) {
                throw new TypeException("elem_shape", "has " + v.scalarLong() + " at position " + i
                        + "; sizes must not be negative");
            } else {
                dims.add(Dim.of(v.scalarLong()));
            }
        }
        TensorType element = new TensorType(dtype, Shape.of(dims));
        Optional<TensorValue> init = ctx.value("init_length");
        if (init.isPresent() && init.get().scalarLong() < 0) {
            throw new TypeException("init_length", "must not be negative, got " + init.get().scalarLong());
        }
        Dim length = init.isPresent() && !ctx.constBoolean("dynamic_length")
                ? Dim.of(init.get().scalarLong())
                : ctx.freshSymbol("len");
        return List.of(new ListType(element, length));
    }

    @Override
    public String summary() {
        return "creates a list of tensors of one element type";
    }
}
