package dev.mil4j.ops.state;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.StateType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import java.util.List;

/**
 * {@code coreml_update_state(state, value)} (iOS18): writes {@code value} into {@code state} and returns it, so that
 * later uses of the new value read the op's output. An ML Program stores it as {@code write_state} followed by
 * {@code read_state}, as coremltools does; reading such a package gives this op back.
 *
 * <p>Inputs: {@code state: state<tensor<S, T>>}, {@code value: tensor<S, T>} with exactly the state's type. T: fp16,
 * fp32, int8, int16, int32, uint8, uint16, bool. Output: {@code value}'s type. Never removed as dead code.
 */
public final class CoremlUpdateStateOp extends OpDef {
    public CoremlUpdateStateOp() {
        super("coreml_update_state", Opset.IOS18, InputSpec.builder()
                .state("state")
                .tensor("value", "T")
                .domain("T", DType.FP16, DType.FP32, DType.INT8, DType.INT16, DType.INT32, DType.UINT8,
                        DType.UINT16, DType.BOOL)
                .build());
    }

    @Override
    public String summary() {
        return "writes a value into a state and returns it";
    }

    @Override
    public boolean hasSideEffects() {
        return true;
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        StateType state = ctx.state("state");
        TensorType value = ctx.tensor("value");
        if (!value.equals(state.wrappedType())) {
            throw new TypeException("value", "has type " + value + ", but the state holds "
                    + state.wrappedType() + "; cast or reshape the value to the state's type");
        }
        return List.of(value);
    }
}
