package dev.mil4j.core.ir;

/**
 * The one rule for names Core ML accepts as identifiers (var, op, function and feature names, shape symbols):
 * {@code [A-Za-z_][A-Za-z0-9_]*}, ASCII only. Frontends, passes, backends and runtimes that must predict a name use
 * these methods rather than a copy of the rule, so that a name means the same thing everywhere.
 */
public final class Identifiers {
    private Identifiers() {
    }

    /** Whether {@code name} is an identifier, checked without allocating (this runs once per var of a program). */
    public static boolean isValid(CharSequence name) {
        if (name.isEmpty() || isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isPart(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code name} made an identifier: every character outside {@code [A-Za-z0-9_]} (non-ASCII letters included)
     * becomes {@code _}, and a name that is empty or starts with a digit gets a leading {@code _}. Valid names are
     * returned unchanged: {@code model/dense:0} becomes {@code model_dense_0}, {@code 3d} becomes {@code _3d}.
     */
    public static String sanitize(String name) {
        if (isValid(name)) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name.length() + 1);
        if (name.isEmpty() || isDigit(name.charAt(0))) {
            sb.append('_');
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append(isPart(c) ? c : '_');
        }
        return sb.toString();
    }

    private static boolean isPart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
