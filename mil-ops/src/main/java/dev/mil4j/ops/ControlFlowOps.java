package dev.mil4j.ops;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed builder helpers for the control-flow and list ops ({@code dev.mil4j.ops.control}).
 *
 * <pre>{@code
 * List<Var> out = ControlFlowOps.whileLoop(b, List.of(i0, acc0),
 *     (inner, vars) -> List.of(TensorOps....),   // cond: one bool scalar
 *     (inner, vars) -> List.of(...));            // body: new loop vars
 * }</pre>
 */
public final class ControlFlowOps {
    private ControlFlowOps() {
    }

    /** {@code cond(pred)}: the outputs of {@code ifTrue} or {@code ifFalse}; both blocks see the outer values. */
    public static List<Var> cond(Builder b, Var pred, Builder.BlockBody ifTrue, Builder.BlockBody ifFalse) {
        return b.op("cond").input("pred", pred).block(Map.of(), ifTrue).block(Map.of(), ifFalse).outputs();
    }

    /** {@code while_loop} whose block inputs have the loop vars' types; loop vars are tensors or lists. */
    public static List<Var> whileLoop(Builder b, List<Var> loopVars, Builder.BlockBody cond, Builder.BlockBody body) {
        List<ValueType> types = new ArrayList<>();
        for (Var v : loopVars) {
            types.add(v.type());
        }
        return whileLoop(b, loopVars, types, cond, body);
    }

    /**
     * {@code while_loop} with explicit block input types, for loop vars whose shape (or, for a list, length) changes
     * across iterations (give those dims a symbol).
     */
    public static List<Var> whileLoop(Builder b, List<Var> loopVars, List<ValueType> blockTypes, Builder.BlockBody cond,
            Builder.BlockBody body) {
        Map<String, ValueType> inputs = new LinkedHashMap<>();
        for (int i = 0; i < blockTypes.size(); i++) {
            String base = loopVars.get(i).name();
            inputs.put(base + "_x" + i, blockTypes.get(i));
        }
        return b.op("while_loop").inputs("loop_vars", loopVars).block(inputs, cond).block(inputs, body).outputs();
    }

    /** {@code make_list} of elements of {@code elementType} (symbolic dims are given by name). */
    public static Var makeList(Builder b, TensorType elementType, int initLength, boolean dynamicLength) {
        Builder.OpBuilder op = b.op("make_list").input("init_length", TensorValue.scalar(initLength))
                .input("dynamic_length", TensorValue.scalar(dynamicLength))
                .input("dtype", TensorValue.scalar(elementType.dtype().milName()));
        List<Var> shape = new ArrayList<>();
        for (Dim d : elementType.shape().dims()) {
            shape.add(b.constant(d.isKnown() ? TensorValue.scalar(Math.toIntExact(d.size()))
                    : TensorValue.scalar(d.toString())));
        }
        return op.inputs("elem_shape", shape).output();
    }

    public static Var listLength(Builder b, Var list) {
        return b.op("list_length").input("ls", list).output();
    }

    public static Var listWrite(Builder b, Var list, Var index, Var value) {
        return b.op("list_write").input("ls", list).input("index", index).input("value", value).output();
    }

    public static Var listRead(Builder b, Var list, Var index) {
        return b.op("list_read").input("ls", list).input("index", index).output();
    }

    public static Var listGather(Builder b, Var list, Var indices) {
        return b.op("list_gather").input("ls", list).input("indices", indices).output();
    }

    public static Var listScatter(Builder b, Var list, Var indices, Var value) {
        return b.op("list_scatter").input("ls", list).input("indices", indices).input("value", value).output();
    }
}
