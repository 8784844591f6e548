package dev.mil4j.frontend.pytorch.graph;

/**
 * {@code uninitialized(T)}: what TorchScript assigns on a path that raises, so that every path binds the same names.
 * Using it as a value is an error.
 */
enum Uninitialized {
    VALUE;

    @Override
    public String toString() {
        return "an uninitialized value (bound only on a path that raises)";
    }
}
