package dev.mil4j.core.diag;

import java.util.List;

/**
 * A conversion stopped by one or more problems. It carries every diagnostic found, not just the first, and its
 * message renders them all the way a user reads them.
 */
public final class ConversionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    public ConversionException(List<Diagnostic> diagnostics) {
        super(render(diagnostics));
        if (diagnostics.isEmpty()) {
            throw new IllegalArgumentException("a ConversionException needs at least one diagnostic");
        }
        this.diagnostics = List.copyOf(diagnostics);
    }

    public ConversionException(Diagnostic diagnostic) {
        this(List.of(diagnostic));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    private static String render(List<Diagnostic> diagnostics) {
        StringBuilder sb = new StringBuilder();
        long errors = diagnostics.stream().filter(Diagnostic::isError).count();
        if (diagnostics.size() > 1) {
            sb.append(errors).append(errors == 1 ? " error" : " errors");
            long others = diagnostics.size() - errors;
            if (others > 0) {
                sb.append(" and ").append(others).append(others == 1 ? " other diagnostic" : " other diagnostics");
            }
            sb.append(":\n");
        }
        for (int i = 0; i < diagnostics.size(); i++) {
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(diagnostics.get(i).render());
        }
        return sb.toString();
    }
}
