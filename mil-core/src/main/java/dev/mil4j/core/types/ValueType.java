package dev.mil4j.core.types;

/**
 * The type of a MIL value: a tensor (rank 0 included), a list of tensors, a state, or a dictionary of scalars.
 * Immutable.
 */
public sealed interface ValueType permits TensorType, ListType, StateType, DictType {

    /** The type as MIL text, e.g. {@code fp32[1, 3, H, W]} or {@code list<fp32[2], N>}. */
    @Override
    String toString();

    /** This type as a tensor type, or a {@link TypeException} saying what it is instead. */
    default TensorType asTensor() {
        if (this instanceof TensorType t) {
            return t;
        }
        throw new TypeException("expected a tensor, got " + this);
    }
}
