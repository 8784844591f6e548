package dev.mil4j.core.types;

import static java.util.Objects.requireNonNull;

/**
 * A list of tensors of one type, as loops build them ({@code make_list}, {@code list_write}); the length is a known
 * size or a symbol for a length known only at run time.
 */
public record ListType(TensorType elementType, Dim length) implements ValueType {

    public ListType {
        requireNonNull(elementType, "elementType is null");
        requireNonNull(length, "length is null");
    }

    @Override
    public String toString() {
        return "list<" + elementType + ", " + length + ">";
    }
}
