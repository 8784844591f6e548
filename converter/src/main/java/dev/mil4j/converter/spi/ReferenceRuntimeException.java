package dev.mil4j.converter.spi;

/** A {@link ReferenceRuntime} cannot load or run a model; the message names the model and the cause. */
public final class ReferenceRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReferenceRuntimeException(String message) {
        super(message);
    }

    public ReferenceRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
