package dev.mil4j.ops;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;

/** Scalar consts for the typed builder helpers. */
final class Scalars {
    private Scalars() {
    }

    /** A scalar const of the dtype of {@code x}: what the iOS15 definitions require of alpha, beta and epsilon. */
    static TensorValue like(Var x, double v) {
        return TensorValue.fromDoubles(x.tensorType().dtype(), Shape.scalar(), v);
    }
}
