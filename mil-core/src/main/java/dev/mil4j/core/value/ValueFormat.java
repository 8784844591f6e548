package dev.mil4j.core.value;

/**
 * The text form of tensor elements, shared by {@link TensorValue#toString()} and the MIL printer: a bracketed flat
 * list in row-major order; floats in the shortest form that reads back to the same value ({@code nan}, {@code inf},
 * {@code -inf} for the specials), integers in decimal, {@code true}/{@code false}, strings double-quoted with
 * escapes.
 */
public final class ValueFormat {
    private ValueFormat() {
    }

    /** Appends up to {@code limit} elements (all when {@code limit < 0}), with {@code ...} when cut. */
    public static void appendElements(StringBuilder sb, TensorValue v, long limit) {
        sb.append('[');
        long n = v.elementCount();
        long shown = limit < 0 ? n : Math.min(n, limit);
        for (long i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            appendElement(sb, v, i);
        }
        if (shown < n) {
            sb.append(", ...");
        }
        sb.append(']');
    }

    private static void appendElement(StringBuilder sb, TensorValue v, long i) {
        switch (v.dtype()) {
            case BOOL -> sb.append(v.getBoolean(i));
            case FP16, FP32 -> appendFloat(sb, (float) v.getDouble(i));
            case FP64 -> appendDouble(sb, v.getDouble(i));
            case STRING -> appendQuoted(sb, v.getString(i));
            default -> sb.append(v.getLong(i));
        }
    }

    public static void appendFloat(StringBuilder sb, float f) {
        if (Float.isNaN(f)) {
            sb.append("nan");
        } else if (Float.isInfinite(f)) {
            sb.append(f > 0 ? "inf" : "-inf");
        } else {
            sb.append(Float.toString(f));
        }
    }

    public static void appendDouble(StringBuilder sb, double d) {
        if (Double.isNaN(d)) {
            sb.append("nan");
        } else if (Double.isInfinite(d)) {
            sb.append(d > 0 ? "inf" : "-inf");
        } else {
            sb.append(Double.toString(d));
        }
    }

    /** Appends {@code s} double-quoted, escaping quotes, backslashes and control characters. */
    public static void appendQuoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        appendQuoted(sb, s);
        return sb.toString();
    }
}
