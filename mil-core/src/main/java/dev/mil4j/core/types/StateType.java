package dev.mil4j.core.types;

import static java.util.Objects.requireNonNull;

/**
 * A state (Core ML iOS18): a tensor that lives in the model across predictions, such as a key/value cache. A function
 * takes it as an input of this type; {@code read_state} gives its current value, {@code coreml_update_state} writes a
 * new one. MIL text: {@code state<fp16[1, 4]>}.
 */
public record StateType(TensorType wrappedType) implements ValueType {

    public StateType {
        requireNonNull(wrappedType, "wrappedType is null");
    }

    @Override
    public String toString() {
        return "state<" + wrappedType + ">";
    }
}
