package dev.mil4j.frontend.pytorch.graph;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;

/**
 * The model's code reached a {@code raise}, an {@code ops.prim.RaiseException} or a failing {@code assert}. Under a
 * condition on tensor values {@link ControlFlow} turns the branch into a check the translation decides; otherwise
 * the model cannot be converted and {@link #diagnostic} says why, with the code's own message.
 */
final class ScriptRaise extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Location location;

    ScriptRaise(String message, Location location) {
        super(message, null, false, false);
        this.location = location;
    }

    Location location() {
        return location;
    }

    ConversionException diagnostic() {
        String m = getMessage().isEmpty() ? "" : ": " + getMessage();
        return new ConversionException(Diagnostic.error("the model's code raises an exception for this model" + m)
                .at(location).withHint("the code checks its inputs or attributes here; give input shapes and a "
                        + "model configuration the code accepts"));
    }
}
