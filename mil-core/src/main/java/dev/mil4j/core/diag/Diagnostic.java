package dev.mil4j.core.diag;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One problem found while converting, written for the user who has to fix it: what is wrong, which MIL op (name and
 * type) it concerns, which source node it came from, what to do about it, and any further notes.
 *
 * <pre>{@code
 * error: `topk` input `k` must be const
 *   at op `topk_0` (topk), from torch node `aten::topk` in model.head (code/__torch__/model.py:12)
 *   hint: compute k before the model runs, or use a static shape
 * }</pre>
 */
public record Diagnostic(Severity severity, String message, Location location, Optional<String> op,
        Optional<String> hint, List<String> notes) {

    public Diagnostic {
        requireNonNull(severity, "severity is null");
        requireNonNull(message, "message is null");
        requireNonNull(location, "location is null");
        requireNonNull(op, "op is null");
        requireNonNull(hint, "hint is null");
        notes = List.copyOf(notes);
    }

    public static Diagnostic error(String message) {
        return new Diagnostic(Severity.ERROR, message, Location.UNKNOWN, Optional.empty(), Optional.empty(),
                List.of());
    }

    public static Diagnostic warning(String message) {
        return new Diagnostic(Severity.WARNING, message, Location.UNKNOWN, Optional.empty(), Optional.empty(),
                List.of());
    }

    public Diagnostic at(Location where) {
        return new Diagnostic(severity, message, where, op, hint, notes);
    }

    /** The MIL op concerned, by its name and type. */
    public Diagnostic forOp(String opName, String opType) {
        return new Diagnostic(severity, message, location, Optional.of("`" + opName + "` (" + opType + ")"), hint,
                notes);
    }

    public Diagnostic withHint(String h) {
        return new Diagnostic(severity, message, location, op, Optional.of(h), notes);
    }

    public Diagnostic withNote(String note) {
        List<String> n = new ArrayList<>(notes);
        n.add(note);
        return new Diagnostic(severity, message, location, op, hint, n);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The diagnostic as the user reads it, on one or more lines. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(severity.label()).append(": ").append(message);
        if (op.isPresent() || location.isKnown()) {
            sb.append("\n  at ");
            op.ifPresent(o -> sb.append("op ").append(o));
            if (location.isKnown()) {
                sb.append(op.isPresent() ? ", from " : "").append(location.describe());
            }
        }
        hint.ifPresent(h -> sb.append("\n  hint: ").append(h));
        for (String n : notes) {
            sb.append("\n  note: ").append(n);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return render();
    }
}
