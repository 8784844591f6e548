package dev.mil4j.core.text;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.Arrays;

/**
 * Splits MIL text into tokens with their positions, one token per {@link #next()} call, reading the text through a
 * fixed char buffer that is refilled and compacted as the tokens go by (it only grows for a single token longer than
 * the buffer). I/O errors come out as {@link UncheckedIOException}; text that is not UTF-8 as a
 * {@link MilSyntaxException} at the position reached.
 */
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

    static final int DEFAULT_BUFFER = 1 << 16;
    private static final String PUNCTS = "(){}[]<>,=:@";
    private static final String[] PUNCT_TEXT = PUNCTS.chars().mapToObj(c -> String.valueOf((char) c))
            .toArray(String[]::new);

    private final Reader in;
    private char[] buf;
    private int pos;
    private int limit;
    /** Start of the token being read (kept in the buffer across refills), or -1. */
    private int mark = -1;
    private boolean eof;
    private int line = 1;
    private int col = 1;

    Lexer(Reader in, int bufferSize) {
        this.in = in;
        this.buf = new char[Math.max(8, bufferSize)];
    }

    /** The next token; at the end of the text an EOF token, again on every further call. */
    Token next() {
        skipSpaceAndComments();
        if (!have(1)) {
            return new Token(Kind.EOF, "", line, col);
        }
        int startLine = line;
        int startCol = col;
        char c = buf[pos];
        if (c == '%') {
            advance(1);
            if (have(1) && buf[pos] == '"') {
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
        if (c == '-' && startsWith("->")) {
            advance(2);
            return new Token(Kind.ARROW, "->", startLine, startCol);
        }
        if (c == '-' && startsWith("-inf")) {
            advance(4);
            return new Token(Kind.NUMBER, "-inf", startLine, startCol);
        }
        if (Character.isDigit(c) || (c == '-' && have(2) && Character.isDigit(buf[pos + 1]))) {
            return new Token(Kind.NUMBER, number(), startLine, startCol);
        }
        if (Character.isLetter(c) || c == '_') {
            return new Token(Kind.IDENT, ident(), startLine, startCol);
        }
        int p = PUNCTS.indexOf(c);
        if (p >= 0) {
            advance(1);
            return new Token(Kind.PUNCT, PUNCT_TEXT[p], startLine, startCol);
        }
        throw error(startLine, startCol, "unexpected character '" + c + "'");
    }

    private String ident() {
        mark = pos;
        while (have(1)) {
            char c = buf[pos];
            if (Names.isAsciiLetterOrDigit(c) || c == '_' || c == '.') {
                advance(1);
            } else {
                break;
            }
        }
        return marked();
    }

    private String number() {
        mark = pos;
        char prev = buf[pos];
        if (prev == '-') {
            advance(1);
        }
        while (have(1)) {
            char c = buf[pos];
            boolean exponentSign = (c == '-' || c == '+') && (prev == 'e' || prev == 'E');
            if (Character.isDigit(c) || c == '.' || c == 'e' || c == 'E' || exponentSign) {
                advance(1);
                prev = c;
            } else {
                break;
            }
        }
        return marked();
    }

    /** The text from the mark to the current position; clears the mark. */
    private String marked() {
        String s = new String(buf, mark, pos - mark);
        mark = -1;
        return s;
    }

    private String string() {
        int startLine = line;
        int startCol = col;
        advance(1); // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (!have(1) || buf[pos] == '\n') {
                throw error(startLine, startCol, "unterminated string");
            }
            char c = buf[pos];
            advance(1);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (!have(1)) {
                throw error(startLine, startCol, "unterminated string");
            }
            char e = buf[pos];
            advance(1);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case 'u' -> {
                    if (!have(4)) {
                        throw error(line, col, "bad \\u escape");
                    }
                    try {
                        sb.append((char) Integer.parseInt(new String(buf, pos, 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error(line, col, "bad \\u escape");
                    }
                    advance(4);
                }
                default -> throw error(line, col, "unknown escape \\" + e);
            }
        }
    }

    private void skipSpaceAndComments() {
        while (have(1)) {
            char c = buf[pos];
            if (c == '\n') {
                pos++;
                line++;
                col = 1;
            } else if (Character.isWhitespace(c)) {
                advance(1);
            } else if (c == '#' || startsWith("//")) {
                while (have(1) && buf[pos] != '\n') {
                    advance(1);
                }
            } else {
                return;
            }
        }
    }

    /** Moves over {@code n} chars of the current line. */
    private void advance(int n) {
        pos += n;
        col += n;
    }

    private boolean startsWith(String s) {
        if (!have(s.length())) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (buf[pos + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code n} chars are available from the current position, reading more text as needed. */
    private boolean have(int n) {
        while (limit - pos < n) {
            if (eof) {
                return false;
            }
            fill();
        }
        return true;
    }

    /** Reads more text after the buffered chars, first dropping those before the mark (or position). */
    private void fill() {
        int keep = mark >= 0 ? mark : pos;
        if (keep > 0) {
            System.arraycopy(buf, keep, buf, 0, limit - keep);
            limit -= keep;
            pos -= keep;
            if (mark >= 0) {
                mark = 0;
            }
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n;
        try {
            n = in.read(buf, limit, buf.length - limit);
        } catch (CharacterCodingException e) {
            throw notUtf8();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    /** At the first char that could not be read, after the buffered ones. */
    private MilSyntaxException notUtf8() {
        int l = line;
        int c = col;
        for (int i = pos; i < limit; i++) {
            if (buf[i] == '\n') {
                l++;
                c = 1;
            } else {
                c++;
            }
        }
        return error(l, c, "the input is not UTF-8 text at or after this point; save the file as UTF-8");
    }

    private static MilSyntaxException error(int line, int col, String message) {
        return new MilSyntaxException(line, col, message);
    }
}
