package dev.mil4j.core.text;

/** MIL text that cannot be read: the message says where ({@code line L:C}) and what was expected. */
public final class MilSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    MilSyntaxException(int line, int column, String message) {
        super("line " + line + ":" + column + ": " + message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
