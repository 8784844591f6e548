package dev.mil4j.ops.state;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.ValueType;
import java.util.List;

/**
 * {@code read_state(input)} (iOS18): the current value of a state, a copy of the tensor it wraps.
 *
 * <p>Input: {@code input: state<tensor>}. Output: the wrapped tensor type. A read depends on the writes before it,
 * so it is never folded, deduplicated or moved across a {@code coreml_update_state} of its state (it counts as
 * having side effects).
 */
public final class ReadStateOp extends OpDef {
    public ReadStateOp() {
        super("read_state", Opset.IOS18, InputSpec.builder().state("input").build());
    }

    @Override
    public String summary() {
        return "the current value of a state";
    }

    @Override
    public boolean hasSideEffects() {
        return true;
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        return List.of(ctx.state("input").wrappedType());
    }
}
