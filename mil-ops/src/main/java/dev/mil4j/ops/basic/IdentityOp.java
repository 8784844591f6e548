package dev.mil4j.ops.basic;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.SymbolicInt;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.internal.Symbolic;
import java.util.List;
import java.util.Optional;

/**
 * {@code identity}: returns {@code x} unchanged (used to rename a value, e.g. as a block output).
 *
 * <p>Input {@code x}: a tensor, scalar or list. Output: a value of the same type; const when {@code x} is.
 */
public final class IdentityOp extends OpDef {
    public IdentityOp() {
        super("identity", Opset.IOS15, InputSpec.builder().any("x").build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        return List.of(ctx.type("x"));
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        return ctx.value("x").map(List::of);
    }

    @Override
    public Optional<List<SymbolicInt>> inferSymbolicValue(InferenceContext ctx) {
        return Symbolic.passThrough(ctx);
    }

    @Override
    public String summary() {
        return "passes its input through unchanged";
    }
}
