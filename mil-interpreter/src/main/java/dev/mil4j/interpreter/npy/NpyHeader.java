package dev.mil4j.interpreter.npy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The header dictionary of a {@code .npy} file, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (4,
 * 20), }}: parsed strictly (exactly the three keys, string/bool/tuple literals, non-negative sizes).
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {
    private static final int MAX_RANK = 32;

    static NpyHeader parse(String text, Path source) throws NpyFormatException {
        Parser p = new Parser(text.strip(), source);
        Map<String, Object> dict = p.dict();
        if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape"))) {
            throw new NpyFormatException(source, "has header keys " + dict.keySet()
                    + "; expected descr, fortran_order and shape");
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new NpyFormatException(source, "has a header 'descr' that is not a string");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new NpyFormatException(source, "has a header 'fortran_order' that is not True or False");
        }
        if (!(dict.get("shape") instanceof long[] shape)) {
            throw new NpyFormatException(source, "has a header 'shape' that is not a tuple of sizes");
        }
        return new NpyHeader(descr, fortran, shape);
    }

    /** A recursive-descent parser of the small Python-literal subset numpy writes. */
    private static final class Parser {
        private final String s;
        private final Path source;
        private int pos;

        Parser(String s, Path source) {
            this.s = s;
            this.source = source;
        }

        Map<String, Object> dict() throws NpyFormatException {
            expect('{');
            Map<String, Object> out = new HashMap<>();
            skip();
            while (peek() != '}') {
                String key = string();
                skip();
                expect(':');
                skip();
                Object value = value();
                if (out.put(key, value) != null) {
                    throw error("repeats the key '" + key + "'");
                }
                skip();
                if (peek() == ',') {
                    pos++;
                    skip();
                } else if (peek() != '}') {
                    throw error("expects ',' or '}' at position " + pos);
                }
            }
            pos++;
            skip();
            if (pos != s.length()) {
                throw error("has text after the header dictionary");
            }
            return out;
        }

        private Object value() throws NpyFormatException {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (s.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw error("has an unexpected value at position " + pos);
        }

        private long[] tuple() throws NpyFormatException {
            expect('(');
            List<Long> dims = new ArrayList<>();
            skip();
            while (peek() != ')') {
                int start = pos;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                if (start == pos || pos - start > 18) {
                    throw error("has a bad size in 'shape' at position " + start);
                }
                dims.add(Long.parseLong(s.substring(start, pos)));
                if (dims.size() > MAX_RANK) {
                    throw error("has a shape of rank above " + MAX_RANK);
                }
                skip();
                if (peek() == ',') {
                    pos++;
                    skip();
                } else if (peek() != ')') {
                    throw error("expects ',' or ')' in 'shape' at position " + pos);
                }
            }
            pos++;
            long[] out = new long[dims.size()];
            long count = 1;
            for (int i = 0; i < out.length; i++) {
                out[i] = dims.get(i);
                long size = Math.max(out[i], 1);
                if (count > Integer.MAX_VALUE / size) { // checked before multiplying: sizes may be up to 10^18
                    throw error("has a shape " + dims + " of more than " + Integer.MAX_VALUE
                            + " elements, too many for one tensor");
                }
                count *= size;
            }
            return out;
        }

        private String string() throws NpyFormatException {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("expects a quoted string at position " + pos);
            }
            int end = s.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("has an unterminated string");
            }
            String out = s.substring(pos + 1, end);
            pos = end + 1;
            return out;
        }

        private void expect(char c) throws NpyFormatException {
            if (peek() != c) {
                throw error("expects '" + c + "' at position " + pos);
            }
            pos++;
        }

        private char peek() throws NpyFormatException {
            if (pos >= s.length()) {
                throw error("ends early");
            }
            return s.charAt(pos);
        }

        private void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private NpyFormatException error(String what) {
            return new NpyFormatException(source, "has a bad header: it " + what);
        }
    }
}
