package dev.mil4j.core.op;

/** What kind of value an op input accepts. */
public enum InputKind {
    /** A tensor of any rank, rank 0 included. */
    TENSOR("a tensor"),
    /** A rank-0 tensor. */
    SCALAR("a scalar"),
    /** A list of tensors. */
    LIST("a list"),
    /** A state (iOS18), read and written by the state ops. */
    STATE("a state"),
    /** Anything. */
    ANY("a value");

    private final String description;

    InputKind(String description) {
        this.description = description;
    }

    /** For messages: "a scalar". */
    public String description() {
        return description;
    }
}
