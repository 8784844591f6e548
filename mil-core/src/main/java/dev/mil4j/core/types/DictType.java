package dev.mil4j.core.types;

import static java.util.Objects.requireNonNull;

/**
 * A dictionary from scalar keys to scalar values, as Core ML's {@code classify} op (iOS15) returns the probability of
 * each class label: keys {@code string} or {@code int64}, values {@code fp64}. Both are rank-0 tensor types, as
 * MIL.proto's {@code DictionaryType} holds them. MIL text: {@code dict<string, fp64>}.
 */
public record DictType(TensorType keyType, TensorType valueType) implements ValueType {

    public DictType {
        requireNonNull(keyType, "keyType is null");
        requireNonNull(valueType, "valueType is null");
        if (keyType.rank() != 0 || valueType.rank() != 0) {
            throw new TypeException("a dictionary's keys and values are scalars, got " + keyType + " and "
                    + valueType);
        }
    }

    /** A dictionary of scalar keys of {@code key} and values of {@code value}. */
    public static DictType of(DType key, DType value) {
        return new DictType(new TensorType(key, Shape.scalar()), new TensorType(value, Shape.scalar()));
    }

    @Override
    public String toString() {
        return "dict<" + keyType.dtype().milName() + ", " + valueType.dtype().milName() + ">";
    }
}
