package dev.mil4j.converter;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A loaded plugin as listed by {@code mil4j plugins}: id, version, where it came from (built in, the class or
 * module path, or a jar), and what it contributed.
 */
public record PluginInfo(String id, String version, String source, List<String> contributions) {
    public PluginInfo {
        requireNonNull(id, "id is null");
        requireNonNull(version, "version is null");
        requireNonNull(source, "source is null");
        contributions = List.copyOf(contributions);
    }
}
