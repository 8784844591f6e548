package dev.mil4j.core.text;

import java.util.ArrayList;
import java.util.List;

/** Splits MIL text into tokens with their positions. */
final class Lexer {
    enum Kind { IDENT, NUMBER, STRING, VAR, PUNCT, ARROW, EOF }

    record Token(Kind kind, String text, int line, int column) {
        boolean is(String punct) {
            return (kind == Kind.PUNCT || kind == Kind.ARROW) && text.equals(punct);
        }

        boolean isIdent(String word) {
            return kind == Kind.IDENT && text.equals(word);
        }

        String describe() {
            return switch (kind) {
                case EOF -> "the end of the text";
                case STRING -> "string \"" + text + "\"";
                case VAR -> "%" + text;
                default -> "'" + text + "'";
            };
        }
    }

    private final String src;
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String src) {
        return new Lexer(src).all();
    }

    private List<Token> all() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= src.length()) {
                out.add(new Token(Kind.EOF, "", line, col()));
                return out;
            }
            out.add(next());
        }
    }

    private Token next() {
        int startLine = line;
        int startCol = col();
        char c = src.charAt(pos);
        if (c == '%') {
            pos++;
            if (pos < src.length() && src.charAt(pos) == '"') {
                return new Token(Kind.VAR, string(), startLine, startCol);
            }
            String id = ident();
            if (id.isEmpty()) {
                throw error(startLine, startCol, "expected a name after '%'");
            }
            return new Token(Kind.VAR, id, startLine, startCol);
        }
        if (c == '"') {
            return new Token(Kind.STRING, string(), startLine, startCol);
        }
        if (c == '-' && src.startsWith("->", pos)) {
            pos += 2;
            return new Token(Kind.ARROW, "->", startLine, startCol);
        }
        if (c == '-' && src.startsWith("-inf", pos)) {
            pos += 4;
            return new Token(Kind.NUMBER, "-inf", startLine, startCol);
        }
        if (Character.isDigit(c) || (c == '-' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
            return new Token(Kind.NUMBER, number(), startLine, startCol);
        }
        if (Character.isLetter(c) || c == '_') {
            return new Token(Kind.IDENT, ident(), startLine, startCol);
        }
        if ("(){}[]<>,=:@".indexOf(c) >= 0) {
            pos++;
            return new Token(Kind.PUNCT, String.valueOf(c), startLine, startCol);
        }
        throw error(startLine, startCol, "unexpected character '" + c + "'");
    }

    private String ident() {
        int start = pos;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (Names.isAsciiLetterOrDigit(c) || c == '_' || c == '.') {
                pos++;
            } else {
                break;
            }
        }
        return src.substring(start, pos);
    }

    private String number() {
        int start = pos;
        if (src.charAt(pos) == '-') {
            pos++;
        }
        while (pos < src.length()) {
            char c = src.charAt(pos);
            boolean exponentSign = (c == '-' || c == '+') && (src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E');
            if (Character.isDigit(c) || c == '.' || c == 'e' || c == 'E' || exponentSign) {
                pos++;
            } else {
                break;
            }
        }
        return src.substring(start, pos);
    }

    private String string() {
        int startLine = line;
        int startCol = col();
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                throw error(startLine, startCol, "unterminated string");
            }
            char c = src.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= src.length()) {
                throw error(startLine, startCol, "unterminated string");
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case 'u' -> {
                    if (pos + 4 > src.length()) {
                        throw error(line, col(), "bad \\u escape");
                    }
                    try {
                        sb.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error(line, col(), "bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error(line, col(), "unknown escape \\" + e);
            }
        }
    }

    private void skipSpaceAndComments() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#' || src.startsWith("//", pos)) {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private int col() {
        return pos - lineStart + 1;
    }

    private static MilSyntaxException error(int line, int col, String message) {
        return new MilSyntaxException(line, col, message);
    }
}
