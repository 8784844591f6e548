package dev.mil4j.converter.spi;

import java.util.Locale;
import java.util.Optional;

/** The compute precision of an ML Program: fp16 (the default, as in coremltools) or fp32. */
public enum Precision {
    FP16, FP32;

    public static Optional<Precision> parse(String text) {
        for (Precision p : values()) {
            if (p.name().equalsIgnoreCase(text)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
