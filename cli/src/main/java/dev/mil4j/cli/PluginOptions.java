package dev.mil4j.cli;

import dev.mil4j.converter.Converter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code --plugin JAR} and {@code --plugin-dir DIR}: extension jars, each loaded in a class loader of its own. The
 * folders the system property {@value #PLUGIN_DIR_PROPERTY} names (one, or several joined by the platform's path
 * separator), those that exist, are loaded too: the distribution's launcher names its {@code plugins/} folder there,
 * the source tree's {@code ./mil4j} the reference runtime modules' {@code target/plugin} folders.
 */
final class PluginOptions {
    /** The system property naming a plugin folder that every command loads. */
    static final String PLUGIN_DIR_PROPERTY = "mil4j.plugin.dir";

    @Option(names = "--plugin", paramLabel = "JAR", description = "a plugin jar (repeatable)")
    List<Path> jars = new ArrayList<>();

    @Option(names = "--plugin-dir", paramLabel = "DIR", description = "a directory of plugin jars")
    List<Path> dirs = new ArrayList<>();

    /**
     * A converter with the discovered plugins and the given ones. A folder given twice (as {@code --plugin-dir} and
     * by the launcher, say) is loaded once.
     */
    Converter converter() {
        Converter.Builder b = Converter.builder().discoverPlugins();
        Set<Path> loaded = new HashSet<>();
        for (String installed : System.getProperty(PLUGIN_DIR_PROPERTY, "").split(File.pathSeparator)) {
            if (!installed.isBlank() && Files.isDirectory(Path.of(installed)) && loaded.add(real(Path.of(installed)))) {
                b.pluginDirectory(Path.of(installed));
            }
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir) || loaded.add(real(dir))) {
                b.pluginDirectory(dir); // a missing folder is the builder's to report
            }
        }
        for (Path jar : jars) {
            b.pluginJar(jar);
        }
        return b.build();
    }

    private static Path real(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }
}
