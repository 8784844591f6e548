package dev.mil4j.core.op;

import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code const}: a constant tensor, held in attribute {@code val}. Part of the IR itself (every {@link OpRegistry}
 * knows it), because the builder and the passes make constants whatever op set is in use.
 */
public final class ConstOp extends OpDef {
    public static final String NAME = "const";
    public static final String VALUE = "val";
    public static final ConstOp INSTANCE = new ConstOp();

    private ConstOp() {
        super(NAME, Opset.IOS15, InputSpec.empty());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        return List.of(value(ctx).type());
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        return Optional.of(List.of(value(ctx)));
    }

    @Override
    public String summary() {
        return "a constant tensor (attribute val)";
    }

    private static TensorValue value(InferenceContext ctx) {
        return ctx.attribute(VALUE).orElseThrow(() -> new TypeException("needs attribute `" + VALUE + "`"));
    }
}
