package dev.mil4j.interpreter;

import dev.mil4j.core.diag.Location;
import java.util.Optional;

/**
 * A MIL program could not be run: a missing or mistyped input, an op without a kernel, or an op that failed on its
 * run-time values. The message names the input or the op (with its source location when known) and what to do.
 */
public final class InterpreterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Optional<String> opName;

    public InterpreterException(String message) {
        super(message);
        this.opName = Optional.empty();
    }

    public InterpreterException(String message, String opName, Throwable cause) {
        super(message, cause);
        this.opName = Optional.of(opName);
    }

    /** The name of the op that failed, when an op failed. */
    public Optional<String> opName() {
        return opName;
    }

    static String describe(dev.mil4j.core.ir.Operation op) {
        Location where = op.location();
        String loc = where.isKnown() ? " (from " + where.describe() + ")" : "";
        return "op `" + op.name() + "` (" + op.type() + ")" + loc;
    }
}
