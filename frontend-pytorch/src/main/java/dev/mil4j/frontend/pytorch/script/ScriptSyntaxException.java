package dev.mil4j.frontend.pytorch.script;

/** TorchScript code that the parser cannot read, with the file and line it is on. */
public final class ScriptSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public ScriptSyntaxException(String file, int line, String message) {
        super(file + ":" + line + ": " + message);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }
}
