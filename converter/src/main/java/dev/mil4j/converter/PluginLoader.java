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
 * time, each jar (or folder of jars: a plugin with its libraries) in a class loader of its own whose parent is
 * mil4j's, so plugins share mil4j's API but not each other's classes.
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
        return fromJars(List.of(jar), "jar " + jar);
    }

    /**
     * The plugins of a folder of jars that make one plugin with its libraries (a runtime with its native jars), all
     * loaded in one class loader of their own.
     */
    static List<LoadedPlugin> fromJarFolder(Path folder) {
        List<Path> jars = jarsIn(folder);
        if (jars.isEmpty()) {
            throw new PluginException("plugin folder " + folder + " holds no jar; remove it or put the plugin's jars "
                    + "in it");
        }
        return fromJars(jars, "folder " + folder);
    }

    private static List<LoadedPlugin> fromJars(List<Path> jars, String source) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new PluginException("bad plugin jar path " + jars.get(i), e);
            }
        }
        ClassLoader parent = Mil4jPlugin.class.getClassLoader();
        Path first = jars.get(0);
        String name = "mil4j-plugin:" + (jars.size() == 1 ? first.getFileName() : first.getParent().getFileName());
        @SuppressWarnings("resource") // the loader lives as long as the plugin's classes
        URLClassLoader loader = new URLClassLoader(name, urls, parent);
        List<LoadedPlugin> out = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<Mil4jPlugin> p : ServiceLoader.load(Mil4jPlugin.class, loader).stream()
                    .toList()) {
                if (p.type().getClassLoader() == loader) {
                    out.add(new LoadedPlugin(p.get(), source));
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new PluginException("plugin " + source + " cannot be loaded: " + e.getMessage()
                    + " (was it built for this version of mil4j?)", e);
        }
        if (out.isEmpty()) {
            throw new PluginException("plugin " + source + " declares no plugin: it needs a "
                    + "META-INF/services/" + Mil4jPlugin.class.getName() + " entry naming its plugin class");
        }
        return out;
    }

    /**
     * The plugins of a directory, in name order: each {@code *.jar} in it is a plugin of its own, each folder in it
     * one plugin made of the jars the folder holds ({@link #fromJarFolder}).
     */
    static List<LoadedPlugin> fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PluginException("plugin directory " + dir + " does not exist");
        }
        List<LoadedPlugin> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path entry : files.sorted().toList()) {
                if (Files.isDirectory(entry)) {
                    out.addAll(fromJarFolder(entry));
                } else if (entry.getFileName().toString().endsWith(".jar")) {
                    out.addAll(fromJar(entry));
                }
            }
        } catch (IOException e) {
            throw new PluginException("cannot list plugin directory " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static List<Path> jarsIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new PluginException("cannot list plugin folder " + folder + ": " + e.getMessage(), e);
        }
    }
}
