package dev.mil4j.interpreter;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.types.StateType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;

/**
 * The run-time value of a state input (iOS18): a cell holding the state's current tensor, which
 * {@code read_state} reads and {@code coreml_update_state} replaces. An {@link InterpreterSession} keeps its cells
 * across runs, as Core ML keeps a model's states across predictions. Not thread-safe.
 */
public final class StateCell implements Value {
    private final StateType type;
    private TensorValue current;

    /**
     * @param type the state's type
     * @param initial its first value, of exactly the wrapped type
     */
    public StateCell(StateType type, TensorValue initial) {
        this.type = requireNonNull(type, "type is null");
        set(initial);
    }

    /** A cell holding zeros of the wrapped type, as a new Core ML state starts. */
    public static StateCell zeros(StateType type) {
        TensorType t = type.wrappedType();
        long n = t.shape().elementCount().orElseThrow(() -> new InterpreterException("state of type " + type
                + " has no static shape; Core ML states have one"));
        return new StateCell(type, TensorValue.fromDoubles(t.dtype(), t.shape(), new double[Math.toIntExact(n)]));
    }

    /** @return the current value */
    public TensorValue get() {
        return current;
    }

    /**
     * Replaces the value.
     *
     * @throws InterpreterException when {@code value} is not of the state's wrapped type
     */
    public void set(TensorValue value) {
        requireNonNull(value, "value is null");
        if (!value.type().equals(type.wrappedType())) {
            throw new InterpreterException("a value of type " + value.type() + " cannot go into a state of type "
                    + type);
        }
        current = value;
    }

    @Override
    public StateType type() {
        return type;
    }
}
