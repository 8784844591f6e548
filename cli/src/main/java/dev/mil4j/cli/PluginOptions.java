package dev.mil4j.cli;

import dev.mil4j.converter.Converter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --plugin JAR} and {@code --plugin-dir DIR}: extension jars, each loaded in a class loader of its own. The
 * folder the system property {@value #PLUGIN_DIR_PROPERTY} names, when it exists, is loaded too: the distribution's
 * launcher names its {@code plugins/} folder there.
 */
final class PluginOptions {
    /** The system property naming a plugin folder that every command loads. */
    static final String PLUGIN_DIR_PROPERTY = "mil4j.plugin.dir";

    @Option(names = "--plugin", paramLabel = "JAR", description = "a plugin jar (repeatable)")
    List<Path> jars = new ArrayList<>();

    @Option(names = "--plugin-dir", paramLabel = "DIR", description = "a directory of plugin jars")
    List<Path> dirs = new ArrayList<>();

    /** A converter with the discovered plugins and the given ones. */
    Converter converter() {
        Converter.Builder b = Converter.builder().discoverPlugins();
        String installed = System.getProperty(PLUGIN_DIR_PROPERTY, "");
        if (!installed.isBlank() && Files.isDirectory(Path.of(installed))) {
            b.pluginDirectory(Path.of(installed));
        }
        for (Path dir : dirs) {
            b.pluginDirectory(dir);
        }
        for (Path jar : jars) {
            b.pluginJar(jar);
        }
        return b.build();
    }
}
