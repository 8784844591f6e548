package dev.mil4j.core.diag;

import java.util.Locale;

/** How serious a diagnostic is. Errors stop a conversion; warnings and notes are reported. */
public enum Severity {
    ERROR, WARNING, NOTE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
