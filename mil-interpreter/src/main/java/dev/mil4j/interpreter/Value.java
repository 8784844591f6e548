package dev.mil4j.interpreter;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;

/**
 * A run-time value of the interpreter: a tensor, a list of tensors (made by {@code make_list} and loops), or a state
 * ({@link StateCell}).
 */
public sealed interface Value permits Value.Tensor, TensorList, StateCell {

    /** The type of this value, with the static shape (and length) it has at run time. */
    ValueType type();

    /** Wraps a tensor. */
    static Value of(TensorValue tensor) {
        return new Tensor(tensor);
    }

    /** This value as a tensor; an {@link IllegalStateException} for a list. */
    default TensorValue tensor() {
        if (this instanceof Tensor t) {
            return t.value();
        }
        throw new IllegalStateException("expected a tensor, got " + type());
    }

    /** A tensor value. */
    record Tensor(TensorValue value) implements Value {
        public Tensor {
            requireNonNull(value, "value is null");
        }

        @Override
        public ValueType type() {
            return value.type();
        }
    }
}
