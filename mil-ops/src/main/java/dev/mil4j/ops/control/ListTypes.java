package dev.mil4j.ops.control;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TensorType;

/** Checks shared by the list ops. */
final class ListTypes {
    /** The element dtypes lists hold. */
    static final DType[] ELEMENT_DTYPES = {DType.FP16, DType.FP32, DType.INT32, DType.BOOL};

    private ListTypes() {
    }

    /** True when a value of type {@code value} fits a list element of type {@code element} (a symbol fits any size). */
    static boolean fits(TensorType value, TensorType element) {
        if (value.dtype() != element.dtype() || value.rank() != element.rank()) {
            return false;
        }
        for (int i = 0; i < value.rank(); i++) {
            Dim e = element.shape().dim(i);
            if (e.isKnown() && !e.equals(value.shape().dim(i))) {
                return false;
            }
        }
        return true;
    }
}
