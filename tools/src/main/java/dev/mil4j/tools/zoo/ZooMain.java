package dev.mil4j.tools.zoo;

import dev.mil4j.converter.Converter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code tools/zoo/run DIR [--only A,B] [--sources pt,onnx] [--targets mlprogram,neuralnetwork] [--table FILE]}:
 * converts every model of a zoo folder (the layout {@code make_zoo.py} writes) in one JVM and prints a markdown
 * table of model, source, target, result, seconds and the worst fp32 and fp16 errors. Exit code 0 when every row is
 * ok, 1 otherwise, 2 for usage errors.
 */
public final class ZooMain {
    private ZooMain() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        Path folder = null;
        Set<String> only = new LinkedHashSet<>();
        List<ZooRunner.Source> sources = List.of(ZooRunner.Source.values());
        List<String> targets = List.of("mlprogram", "neuralnetwork");
        Path table = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && i + 1 >= args.length) {
                return usage(err, a + " needs a value");
            }
            switch (a) {
                case "--only" -> only.addAll(List.of(args[++i].split(",")));
                case "--sources" -> {
                    List<ZooRunner.Source> s = new ArrayList<>();
                    for (String name : args[++i].split(",")) {
                        try {
                            s.add(ZooRunner.Source.valueOf(name.toUpperCase(java.util.Locale.ROOT)));
                        } catch (IllegalArgumentException e) {
                            return usage(err, "unknown source '" + name + "': use pt, onnx");
                        }
                    }
                    sources = s;
                }
                case "--targets" -> targets = List.of(args[++i].split(","));
                case "--table" -> table = Path.of(args[++i]);
                default -> {
                    if (a.startsWith("-") || folder != null) {
                        return usage(err, "unexpected argument '" + a + "'");
                    }
                    folder = Path.of(a);
                }
            }
        }
        if (folder == null) {
            return usage(err, "name the zoo folder");
        }
        ZooManifest zoo;
        try {
            zoo = ZooManifest.read(folder).select(only);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        } catch (IOException e) {
            return usage(err, e.getMessage());
        }
        Converter converter = Converter.builder().discoverPlugins().build();
        List<ZooRunner.Row> rows = new ZooRunner(converter, sources, targets, err).run(zoo);
        String markdown = ZooTable.markdown(rows);
        out.print(markdown);
        if (table != null) {
            Files.writeString(table, markdown);
        }
        return rows.stream().allMatch(ZooRunner.Row::ok) ? 0 : 1;
    }

    private static int usage(PrintStream err, String message) {
        err.println("error: " + message);
        err.println("usage: tools/zoo/run DIR [--only A,B] [--sources pt,onnx] [--targets mlprogram,neuralnetwork]"
                + " [--table FILE]");
        return 2;
    }
}
