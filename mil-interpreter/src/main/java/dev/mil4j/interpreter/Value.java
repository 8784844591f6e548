package dev.mil4j.interpreter;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.types.DictType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;

/**
 * A run-time value of the interpreter: a tensor, a list of tensors (made by {@code make_list} and loops), a state
 * ({@link StateCell}), or a dictionary of scalars ({@code classify}'s probabilities).
 */
public sealed interface Value permits Value.Tensor, TensorList, StateCell, Value.Dictionary {

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

    /**
     * A dictionary from scalar keys to scalar values (a {@link DictType}), held as two rank-1 tensors of the same
     * length: {@code keys[i]} maps to {@code values[i]}, in the order the op produced them (a classifier's class
     * order). Keys are distinct.
     */
    record Dictionary(DictType type, TensorValue keys, TensorValue values) implements Value {
        public Dictionary {
            requireNonNull(type, "type is null");
            requireNonNull(keys, "keys is null");
            requireNonNull(values, "values is null");
            if (keys.shape().rank() != 1 || values.shape().rank() != 1
                    || keys.elementCount() != values.elementCount()) {
                throw new IllegalArgumentException("a dictionary needs rank-1 keys and values of one length, got "
                        + keys.type() + " and " + values.type());
            }
            if (keys.dtype() != type.keyType().dtype() || values.dtype() != type.valueType().dtype()) {
                throw new IllegalArgumentException("keys " + keys.type() + " and values " + values.type()
                        + " do not fit " + type);
            }
        }
    }
}
