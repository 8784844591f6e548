package dev.mil4j.cli;

import dev.mil4j.converter.PluginInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mil4j plugins}: the loaded plugins, where they came from and what each contributes. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List the loaded plugins and their contributions.")
final class PluginsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "list every contribution, not just counts")
    boolean verbose;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
        List<PluginInfo> infos = plugins.converter().plugins().plugins();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (PluginInfo p : infos) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", p.id());
                row.put("version", p.version());
                row.put("source", p.source());
                row.put("contributions", p.contributions());
                rows.add(row);
            }
            out.println(Json.write(rows));
            return Mil4j.OK;
        }
        for (PluginInfo p : infos) {
            out.printf("%s %s (%s)%n", p.id(), p.version(), p.source());
            if (verbose) {
                p.contributions().forEach(c -> out.println("  " + c));
            } else {
                Map<String, Integer> counts = new TreeMap<>();
                for (String c : p.contributions()) {
                    String kind = c.startsWith("custom op ") ? "custom ops" : kindOf(c);
                    counts.merge(kind, 1, Integer::sum);
                }
                counts.forEach((k, n) -> out.println("  " + n + " " + k));
            }
        }
        return Mil4j.OK;
    }

    private static String kindOf(String contribution) {
        if (contribution.startsWith("frontend ") || contribution.startsWith("backend ")
                || contribution.startsWith("reference runtime ")) {
            return contribution;
        }
        int translation = contribution.indexOf(" translation ");
        if (translation > 0) {
            return contribution.substring(0, translation) + " translations";
        }
        String kind = contribution.substring(0, contribution.indexOf(' '));
        return kind.endsWith("s") ? kind + "es" : kind + "s";
    }
}
