package dev.mil4j.frontend.pytorch.archive;

/** A pickle that the restricted unpickler refuses or cannot read; the message names the place and the reason. */
public final class PickleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PickleException(String message) {
        super(message);
    }
}
