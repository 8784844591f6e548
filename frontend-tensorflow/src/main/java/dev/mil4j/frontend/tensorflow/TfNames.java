package dev.mil4j.frontend.tensorflow;

import dev.mil4j.core.ir.Identifiers;

/** MIL names for TensorFlow names: {@code model/dense/MatMul} becomes {@code model_dense_MatMul}. */
final class TfNames {
    private TfNames() {
    }

    static String sanitize(String name) {
        return Identifiers.sanitize(name);
    }
}
