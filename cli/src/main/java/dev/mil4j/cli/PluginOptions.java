package dev.mil4j.cli;

import dev.mil4j.converter.Converter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --plugin JAR} and {@code --plugin-dir DIR}: extension jars, each loaded in a class loader of its own. */
final class PluginOptions {
    @Option(names = "--plugin", paramLabel = "JAR", description = "a plugin jar (repeatable)")
    List<Path> jars = new ArrayList<>();

    @Option(names = "--plugin-dir", paramLabel = "DIR", description = "a directory of plugin jars")
    List<Path> dirs = new ArrayList<>();

    /** A converter with the discovered plugins and the given ones. */
    Converter converter() {
        Converter.Builder b = Converter.builder().discoverPlugins();
        for (Path dir : dirs) {
            b.pluginDirectory(dir);
        }
        for (Path jar : jars) {
            b.pluginJar(jar);
        }
        return b.build();
    }
}
