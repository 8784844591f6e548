package dev.mil4j.core.pass;

import static java.util.Objects.requireNonNull;

/**
 * A typed option of a pass, with a default; pipelines give option values as text (as typed on the command line),
 * parsed by {@link #parse(String)}.
 *
 * @param <T> Boolean, Integer, Long, Double or String
 */
public record PassOption<T>(String name, Class<T> type, T defaultValue, String description) {

    public PassOption {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(defaultValue, "defaultValue is null");
        requireNonNull(description, "description is null");
        if (type != Boolean.class && type != Integer.class && type != Long.class && type != Double.class
                && type != String.class) {
            throw new IllegalArgumentException("unsupported option type " + type.getSimpleName());
        }
    }

    public static PassOption<Boolean> bool(String name, boolean defaultValue, String description) {
        return new PassOption<>(name, Boolean.class, defaultValue, description);
    }

    public static PassOption<Long> number(String name, long defaultValue, String description) {
        return new PassOption<>(name, Long.class, defaultValue, description);
    }

    public static PassOption<String> text(String name, String defaultValue, String description) {
        return new PassOption<>(name, String.class, defaultValue, description);
    }

    /** Parses a textual value; an {@link IllegalArgumentException} names the option and the expected type. */
    public T parse(String text) {
        requireNonNull(text, "text is null");
        try {
            Object v;
            if (type == Boolean.class) {
                if (!text.equals("true") && !text.equals("false")) {
                    throw new IllegalArgumentException();
                }
                v = Boolean.valueOf(text);
            } else if (type == Integer.class) {
                v = Integer.valueOf(text);
            } else if (type == Long.class) {
                v = Long.valueOf(text);
            } else if (type == Double.class) {
                v = Double.valueOf(text);
            } else {
                v = text;
            }
            return type.cast(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option '" + name + "' takes a " + type.getSimpleName().toLowerCase(
                    java.util.Locale.ROOT) + ", got '" + text + "'", e);
        }
    }
}
