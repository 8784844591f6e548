package dev.mil4j.backend.neuralnetwork.layers;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An op that the NeuralNetwork format cannot express as it stands (a non-const input where a layer needs a constant,
 * an unsupported rank or mode, a custom binding that does not fit). The translator turns it into a diagnostic at
 * the op, so that every problem of a program is reported at once.
 */
public final class LayerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Optional<String> hint;

    public LayerException(String message) {
        this(message, Optional.empty());
    }

    public LayerException(String message, String hint) {
        this(message, Optional.of(hint));
    }

    private LayerException(String message, Optional<String> hint) {
        super(requireNonNull(message, "message is null"));
        this.hint = requireNonNull(hint, "hint is null");
    }

    /** What the user can do about it, when there is something specific. */
    public Optional<String> hint() {
        return hint;
    }
}
