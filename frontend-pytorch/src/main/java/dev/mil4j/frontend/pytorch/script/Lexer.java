package dev.mil4j.frontend.pytorch.script;

import dev.mil4j.frontend.pytorch.script.Token.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Splits TorchScript source (the Python subset of an archive's {@code code/} files) into tokens, with Python's
 * indentation rules: INDENT and DEDENT tokens at changes of indentation, newlines inside brackets ignored, comments
 * dropped.
 */
final class Lexer {
    private static final String[] OPERATORS = {
        "**=", "//=", "->", "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "<<", ">>",
        "(", ")", "[", "]", "{", "}", ",", ":", ".", "=", "+", "-", "*", "/", "%", "<", ">", "@", "&", "|", "^", "~",
    };

    private final String file;
    private final String src;
    private final List<Token> out = new ArrayList<>();
    private final Deque<Integer> indents = new ArrayDeque<>();
    private int pos;
    private int line = 1;
    private int depth;

    private Lexer(String file, String src) {
        this.file = file;
        this.src = src;
        indents.push(0);
    }

    static List<Token> tokenize(String file, String src) {
        return new Lexer(file, src).run();
    }

    private List<Token> run() {
        boolean lineStart = true;
        while (pos < src.length()) {
            if (lineStart && depth == 0) {
                if (!indentation()) {
                    continue;
                }
                lineStart = false;
            }
            char c = src.charAt(pos);
            if (c == '\n') {
                if (depth == 0) {
                    out.add(new Token(Kind.NEWLINE, "\n", line));
                    lineStart = true;
                }
                pos++;
                line++;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                pos++;
            } else if (c == '#') {
                skipComment();
            } else if (c == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
                pos += 2;
                line++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                    pos++;
                }
                out.add(new Token(Kind.NAME, src.substring(start, pos), line));
            } else if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length()
                    && Character.isDigit(src.charAt(pos + 1)))) {
                number();
            } else if (c == '"' || c == '\'') {
                string(c);
            } else {
                operator();
            }
        }
        if (!out.isEmpty() && out.get(out.size() - 1).kind() != Kind.NEWLINE) {
            out.add(new Token(Kind.NEWLINE, "\n", line));
        }
        while (indents.peek() > 0) {
            indents.pop();
            out.add(new Token(Kind.DEDENT, "", line));
        }
        out.add(new Token(Kind.EOF, "", line));
        return out;
    }

    /** Measures the indentation of a line; returns false for blank and comment-only lines (skipped whole). */
    private boolean indentation() {
        int col = 0;
        int p = pos;
        while (p < src.length() && (src.charAt(p) == ' ' || src.charAt(p) == '\t')) {
            col = src.charAt(p) == '\t' ? (col / 8 + 1) * 8 : col + 1;
            p++;
        }
        if (p >= src.length() || src.charAt(p) == '\n' || src.charAt(p) == '#' || src.charAt(p) == '\r') {
            pos = p;
            if (pos < src.length() && src.charAt(pos) == '#') {
                skipComment();
            }
            if (pos < src.length() && src.charAt(pos) == '\r') {
                pos++;
            }
            if (pos < src.length()) {
                pos++;
                line++;
            }
            return false;
        }
        pos = p;
        if (col > indents.peek()) {
            indents.push(col);
            out.add(new Token(Kind.INDENT, "", line));
        } else {
            while (col < indents.peek()) {
                indents.pop();
                out.add(new Token(Kind.DEDENT, "", line));
            }
            if (col != indents.peek()) {
                throw error("the indentation does not match any outer level");
            }
        }
        return true;
    }

    private void skipComment() {
        while (pos < src.length() && src.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void number() {
        int start = pos;
        boolean isFloat = false;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos++;
        }
        if (pos < src.length() && src.charAt(pos) == '.') {
            isFloat = true;
            pos++;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                isFloat = true;
                while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        out.add(new Token(isFloat ? Kind.FLOAT : Kind.INT, src.substring(start, pos), line));
    }

    private void string(char quote) {
        int startLine = line;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                line = startLine;
                throw error("a string is not closed on its line");
            }
            char c = src.charAt(pos++);
            if (c == quote) {
                break;
            }
            if (c == '\\' && pos < src.length()) {
                char e = src.charAt(pos++);
                sb.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    default -> e;
                });
            } else {
                sb.append(c);
            }
        }
        out.add(new Token(Kind.STRING, sb.toString(), startLine));
    }

    private void operator() {
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                switch (op) {
                    case "(", "[", "{" -> depth++;
                    case ")", "]", "}" -> {
                        if (depth == 0) {
                            throw error("'" + op + "' closes nothing");
                        }
                        depth--;
                    }
                    default -> { }
                }
                out.add(new Token(Kind.OP, op, line));
                return;
            }
        }
        throw error("unexpected character '" + src.charAt(pos) + "'");
    }

    private ScriptSyntaxException error(String message) {
        return new ScriptSyntaxException(file, line, message);
    }
}
