package dev.mil4j.core.registry;

/** Two contributors registered the same key and neither replacement was declared as an explicit override. */
public final class RegistrationConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String existingRegistrant;
    private final String newRegistrant;

    RegistrationConflictException(String message, String existingRegistrant, String newRegistrant) {
        super(message);
        this.existingRegistrant = existingRegistrant;
        this.newRegistrant = newRegistrant;
    }

    public String existingRegistrant() {
        return existingRegistrant;
    }

    public String newRegistrant() {
        return newRegistrant;
    }
}
