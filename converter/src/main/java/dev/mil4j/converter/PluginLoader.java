package dev.mil4j.converter;

import dev.mil4j.converter.PluginSet.LoadedPlugin;
import dev.mil4j.converter.spi.Mil4jPlugin;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Finds plugins: with {@link ServiceLoader} on the module path and the class path, and in plugin jars given at run
 * time, each jar in a class loader of its own whose parent is mil4j's, so plugins share mil4j's API but not each
 * other's classes.
 */
final class PluginLoader {
    private PluginLoader() {
    }

    /** The plugins visible to mil4j's own class loader and module layer. */
    static List<LoadedPlugin> discover() {
        List<LoadedPlugin> out = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<Mil4jPlugin> p : ServiceLoader.load(Mil4jPlugin.class).stream().toList()) {
                Mil4jPlugin plugin = p.get();
                Module m = plugin.getClass().getModule();
                out.add(new LoadedPlugin(plugin, m.isNamed() ? "module " + m.getName() : "class path"));
            }
        } catch (ServiceConfigurationError e) {
            throw new PluginException("a plugin on the class or module path cannot be loaded: " + e.getMessage(), e);
        }
        return out;
    }

    /** The plugins of one jar, loaded in a class loader of its own. */
    static List<LoadedPlugin> fromJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new PluginException("plugin jar " + jar + " does not exist or is not a file");
        }
        URL url;
        try {
            url = jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new PluginException("bad plugin jar path " + jar, e);
        }
        ClassLoader parent = Mil4jPlugin.class.getClassLoader();
        @SuppressWarnings("resource") // the loader lives as long as the plugin's classes
        URLClassLoader loader = new URLClassLoader("mil4j-plugin:" + jar.getFileName(), new URL[] {url}, parent);
        List<LoadedPlugin> out = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<Mil4jPlugin> p : ServiceLoader.load(Mil4jPlugin.class, loader).stream()
                    .toList()) {
                if (p.type().getClassLoader() == loader) {
                    out.add(new LoadedPlugin(p.get(), "jar " + jar));
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new PluginException("plugin jar " + jar + " cannot be loaded: " + e.getMessage()
                    + " (was it built for this version of mil4j?)", e);
        }
        if (out.isEmpty()) {
            throw new PluginException("plugin jar " + jar + " declares no plugin: it needs a "
                    + "META-INF/services/" + Mil4jPlugin.class.getName() + " entry naming its plugin class");
        }
        return out;
    }

    /** The plugins of every {@code *.jar} in a directory, in name order. */
    static List<LoadedPlugin> fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PluginException("plugin directory " + dir + " does not exist");
        }
        List<LoadedPlugin> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                out.addAll(fromJar(jar));
            }
        } catch (IOException e) {
            throw new PluginException("cannot list plugin directory " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }
}
