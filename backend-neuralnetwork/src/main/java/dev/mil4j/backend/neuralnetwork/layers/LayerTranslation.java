package dev.mil4j.backend.neuralnetwork.layers;

import dev.mil4j.core.ir.Operation;

/**
 * Translates one MIL op into one or more NeuralNetwork layers, appended through the {@link LayerEmitter}. Throws
 * {@link LayerException} when the op, as it stands, cannot be expressed.
 */
@FunctionalInterface
public interface LayerTranslation {
    void translate(Operation op, LayerEmitter out);
}
