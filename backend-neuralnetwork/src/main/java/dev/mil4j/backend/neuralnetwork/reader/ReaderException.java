package dev.mil4j.backend.neuralnetwork.reader;

/**
 * A layer that cannot be read into MIL: the reader adds the layer's name and kind and turns it into a diagnostic.
 */
final class ReaderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String hint;

    ReaderException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    ReaderException(String message) {
        this(message, "");
    }

    String hint() {
        return hint;
    }
}
