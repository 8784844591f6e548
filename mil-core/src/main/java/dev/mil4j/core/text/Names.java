package dev.mil4j.core.text;

/** Which names print bare in MIL text: letters, digits, {@code _} and {@code .}, not starting with a digit. */
final class Names {
    private Names() {
    }

    static boolean needsQuotes(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0)) || name.charAt(0) == '.') {
            return true;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(isAsciiLetterOrDigit(c) || c == '_' || c == '.')) {
                return true;
            }
        }
        return false;
    }

    static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
