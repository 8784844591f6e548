package dev.mil4j.examples.embedonnx;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Links the application's runtime image with the running JDK's {@code jdeps} and {@code jlink}. The image holds the
 * JDK modules the application's jars use (as {@code jdeps} finds them) and, in {@code app/}, the application's
 * modular jars, which its launcher {@code bin/embed-onnx} puts on the module path.
 *
 * <p>The mil4j modules are not linked into the image's own module set: jlink links explicit modules only, and the
 * converter requires Guice, Guava, aopalliance and protobuf, which are automatic modules (jars without a
 * {@code module-info}). They stay modular jars on the image's module path instead, which keeps the module graph,
 * its encapsulation and the service binding that finds the frontend and backend, and needs no rewriting of
 * third-party jars.
 */
final class RuntimeImage {
    private RuntimeImage() {
    }

    /** Links {@code image} from the jars of {@code app} plus {@code jar}, with the launcher of {@code launcher}. */
    static void link(Path app, Path jar, Path launcher, Path image) throws IOException {
        List<String> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(app)) {
            files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(f -> jars.add(f.toString()));
        }
        jars.add(jar.toString());
        deleteRecursively(image);
        tool("jlink", List.of("--add-modules", String.join(",", jdkModules(jars)), "--strip-debug",
                "--no-header-files", "--no-man-pages", "--compress=2", "--output", image.toString()));
        Path imageApp = Files.createDirectories(image.resolve("app"));
        for (String j : jars) {
            Files.copy(Path.of(j), imageApp.resolve(Path.of(j).getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Path bin = image.resolve("bin/embed-onnx");
        Files.copy(launcher, bin, StandardCopyOption.REPLACE_EXISTING);
        if (!bin.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + bin + " executable");
        }
    }

    /**
     * The JDK modules the jars use: what explicit modules require, and what {@code jdeps} finds in the classes of
     * automatic ones (which declare nothing).
     */
    static Set<String> jdkModules(List<String> jars) {
        ModuleFinder system = ModuleFinder.ofSystem();
        Set<String> modules = new TreeSet<>();
        List<String> automatic = new ArrayList<>();
        for (ModuleReference ref : ModuleFinder.of(jars.stream().map(Path::of).toArray(Path[]::new)).findAll()) {
            ModuleDescriptor d = ref.descriptor();
            if (d.isAutomatic()) {
                automatic.add(Path.of(ref.location().orElseThrow()).toString());
            } else {
                d.requires().stream().map(ModuleDescriptor.Requires::name)
                        .filter(name -> system.find(name).isPresent()).forEach(modules::add);
            }
        }
        if (!automatic.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps",
                    "--multi-release", "17"));
            args.addAll(automatic);
            modules.addAll(Arrays.asList(tool("jdeps", args).strip().split(",")));
        }
        modules.add("java.base");
        return modules;
    }

    /** Runs a JDK tool in-process; returns what it printed, or fails with its messages. */
    private static String tool(String name, List<String> args) {
        ToolProvider tool = ToolProvider.findFirst(name)
                .orElseThrow(() -> new IllegalStateException("the running Java has no " + name + ": run on a JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = tool.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException(name + " " + args + " failed (" + code + "): " + out + err);
        }
        return out.toString();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
