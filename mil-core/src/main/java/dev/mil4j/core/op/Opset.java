package dev.mil4j.core.op;

import java.util.Locale;
import java.util.Optional;

/**
 * The MIL opset versions, named by the first OS release (deployment target) that runs them. Each has the opset name
 * used in MIL.proto and the Core ML specification version of models that use it.
 */
public enum Opset {
    IOS15("iOS15", "CoreML5", 6),
    IOS16("iOS16", "CoreML6", 7),
    IOS17("iOS17", "CoreML7", 8),
    IOS18("iOS18", "CoreML8", 9);

    private final String target;
    private final String milOpsetName;
    private final int specificationVersion;

    Opset(String target, String milOpsetName, int specificationVersion) {
        this.target = target;
        this.milOpsetName = milOpsetName;
        this.specificationVersion = specificationVersion;
    }

    /** The deployment target, e.g. {@code iOS15}. */
    public String target() {
        return target;
    }

    /** The opset name in MIL.proto, e.g. {@code CoreML5}. */
    public String milOpsetName() {
        return milOpsetName;
    }

    /** The Core ML specification version of an ML Program for this target. */
    public int specificationVersion() {
        return specificationVersion;
    }

    /** Parses {@code iOS15} (case-insensitive) or {@code CoreML5}. */
    public static Optional<Opset> parse(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        for (Opset o : values()) {
            if (o.target.toLowerCase(Locale.ROOT).equals(t) || o.milOpsetName.toLowerCase(Locale.ROOT).equals(t)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return target;
    }
}
