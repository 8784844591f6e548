package dev.mil4j.ops.tensor;

import dev.mil4j.core.types.Shape;

/** Shape comparisons that let a symbol stand for any size. */
final class Shapes {
    private Shapes() {
    }

    /** Same rank, and every pair of dims equal or involving a symbol ({@link Shape#isCompatibleWith}). */
    static boolean compatible(Shape a, Shape b) {
        return a.isCompatibleWith(b);
    }
}
