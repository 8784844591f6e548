package dev.mil4j.ops.tensor;

import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;

/** Shape comparisons that let a symbol stand for any size. */
final class Shapes {
    private Shapes() {
    }

    /** Same rank, and every pair of dims equal or involving a symbol. */
    static boolean compatible(Shape a, Shape b) {
        if (a.rank() != b.rank()) {
            return false;
        }
        for (int i = 0; i < a.rank(); i++) {
            Dim x = a.dim(i);
            Dim y = b.dim(i);
            if (x.isKnown() && y.isKnown() && x.size() != y.size()) {
                return false;
            }
        }
        return true;
    }
}
