package dev.mil4j.core.op;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How a custom op is handed to Core ML as a NeuralNetwork custom layer: the Swift/Objective-C class that implements
 * it, the order of its tensor inputs, which const inputs become layer parameters and which become weights, and a
 * description. The Java form of coremltools' {@code bindings} dictionary.
 *
 * @param className the {@code MLCustomLayer} class name; defaults to the op name when blank
 * @param inputOrder the tensor inputs passed to the layer, in order; must not be empty
 * @param parameters const scalar inputs stored as layer parameters
 * @param weights const tensor inputs stored as layer weights
 * @param description a human-readable description stored in the layer
 */
public record Binding(String className, List<String> inputOrder, List<String> parameters, List<String> weights,
        String description) {

    public Binding {
        requireNonNull(className, "className is null");
        inputOrder = List.copyOf(inputOrder);
        parameters = List.copyOf(parameters);
        weights = List.copyOf(weights);
        requireNonNull(description, "description is null");
    }

    public Binding(String className, List<String> inputOrder, List<String> parameters, String description) {
        this(className, inputOrder, parameters, List.of(), description);
    }

    /** The class name, or {@code opName} when the binding leaves it blank. */
    public String classNameOr(String opName) {
        return className.isBlank() ? opName : className;
    }
}
