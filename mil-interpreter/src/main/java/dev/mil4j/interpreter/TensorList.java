package dev.mil4j.interpreter;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.ListType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An immutable list of tensors of one dtype at run time: slots that may still be unwritten (a {@code make_list} of
 * initial length 3 has three empty slots), a declared element type (whose shape may hold symbols until the first
 * write), and whether writing past the end may grow it. Writes return a new list.
 */
public final class TensorList implements Value {
    private final TensorType elementType;
    private final boolean dynamic;
    private final List<Optional<TensorValue>> elements;

    public TensorList(TensorType elementType, boolean dynamic, List<Optional<TensorValue>> elements) {
        this.elementType = requireNonNull(elementType, "elementType is null");
        this.dynamic = dynamic;
        this.elements = List.copyOf(requireNonNull(elements, "elements is null"));
    }

    /** A list of {@code length} unwritten slots. */
    public static TensorList empty(TensorType elementType, boolean dynamic, int length) {
        return new TensorList(elementType, dynamic, Collections.nCopies(length, Optional.empty()));
    }

    public TensorType elementType() {
        return elementType;
    }

    public DType dtype() {
        return elementType.dtype();
    }

    public boolean isDynamic() {
        return dynamic;
    }

    public int length() {
        return elements.size();
    }

    /** The element at {@code index}, or an {@link IllegalArgumentException} naming the index when it is unwritten. */
    public TensorValue get(long index) {
        if (index < 0 || index >= elements.size()) {
            throw new IllegalArgumentException("list index " + index + " is out of range for a list of length "
                    + elements.size());
        }
        return elements.get((int) index).orElseThrow(() -> new IllegalArgumentException(
                "list element " + index + " is read before it is written"));
    }

    /** A copy with {@code value} at {@code index}; grows a dynamic list (with unwritten slots) as needed. */
    public TensorList with(long index, TensorValue value) {
        requireNonNull(value, "value is null");
        if (index < 0 || (!dynamic && index >= elements.size())) {
            throw new IllegalArgumentException("list index " + index + " is out of range for a fixed-length list of "
                    + "length " + elements.size());
        }
        if (value.dtype() != elementType.dtype() || !fits(value.shape())) {
            throw new IllegalArgumentException("cannot write " + value.type() + " into a list of " + elementType);
        }
        List<Optional<TensorValue>> next = new ArrayList<>(elements);
        while (next.size() <= index) {
            next.add(Optional.empty());
        }
        next.set((int) index, Optional.of(value));
        return new TensorList(elementType, dynamic, next);
    }

    private boolean fits(Shape s) {
        Shape want = elementType.shape();
        if (s.rank() != want.rank()) {
            return false;
        }
        for (int i = 0; i < s.rank(); i++) {
            if (want.dim(i).isKnown() && want.dim(i).size() != s.dim(i).size()) {
                return false;
            }
        }
        return true;
    }

    /** The shape of the written elements (they share one), or the declared one. */
    public Shape elementShape() {
        for (Optional<TensorValue> e : elements) {
            if (e.isPresent()) {
                return e.get().shape();
            }
        }
        return elementType.shape();
    }

    @Override
    public ValueType type() {
        return new ListType(elementType.withShape(elementShape()), Dim.of(elements.size()));
    }

    @Override
    public String toString() {
        return "list of " + elements.size() + " x " + elementType;
    }
}
