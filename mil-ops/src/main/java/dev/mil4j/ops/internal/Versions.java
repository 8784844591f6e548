package dev.mil4j.ops.internal;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.op.Opset;

/** Checks for op classes that define several opset versions. */
public final class Versions {
    private Versions() {
    }

    /** Returns {@code since} when it is iOS15 or iOS17, the versions most math ops with a second definition have. */
    public static Opset iOS15OrIOS17(String op, Opset since) {
        requireNonNull(since, "since is null");
        if (since != Opset.IOS15 && since != Opset.IOS17) {
            throw new IllegalArgumentException("`" + op + "` has versions for iOS15 and iOS17, not " + since);
        }
        return since;
    }
}
