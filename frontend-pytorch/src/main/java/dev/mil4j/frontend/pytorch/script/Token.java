package dev.mil4j.frontend.pytorch.script;

/** One token of TorchScript source: its kind, text and 1-based line. */
record Token(Kind kind, String text, int line) {
    enum Kind { NAME, INT, FLOAT, STRING, OP, NEWLINE, INDENT, DEDENT, EOF }

    boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }

    boolean isOp(String t) {
        return is(Kind.OP, t);
    }

    boolean isName(String t) {
        return is(Kind.NAME, t);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NEWLINE -> "end of line";
            case INDENT -> "indent";
            case DEDENT -> "dedent";
            case EOF -> "end of file";
            default -> "'" + text + "'";
        };
    }
}
