package dev.mil4j.core.types;

import java.util.Optional;

/**
 * A type error found by type inference or input validation: shapes that do not broadcast, a dtype outside an op's
 * type domain, an axis out of range. When the problem is one input of an op, {@link #input()} names it; whoever
 * knows the op (the builder, the verifier) turns this into a diagnostic that names the op and its location.
 */
public final class TypeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String input;

    public TypeException(String message) {
        super(message);
        this.input = null;
    }

    /** A problem with input {@code input}; the message continues after "input `name` ", e.g. "must be const". */
    public TypeException(String input, String message) {
        super(message);
        this.input = input;
    }

    public Optional<String> input() {
        return Optional.ofNullable(input);
    }

    /** The message as a user reads it for op type {@code opType}: "`topk` input `k` must be const". */
    public String describe(String opType) {
        return input == null ? "`" + opType + "`: " + getMessage()
                : "`" + opType + "` input `" + input + "` " + getMessage();
    }
}
