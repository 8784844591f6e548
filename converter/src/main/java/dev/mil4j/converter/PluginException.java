package dev.mil4j.converter;

/** A plugin that cannot be loaded or whose contributions collide; the message names the plugins and the fix. */
public final class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
