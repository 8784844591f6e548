package dev.mil4j.cli;

import dev.mil4j.core.op.InputParam;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.registry.Registration;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mil4j ops [--json] [--custom]}: the registered MIL ops, their versions, inputs and registrants. */
@Command(name = "ops", mixinStandardHelpOptions = true, description = "List the registered MIL ops.")
final class OpsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--custom", description = "only custom ops (ops with a custom-layer binding)")
    boolean custom;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
        OpRegistry ops = plugins.converter().plugins().ops();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Registration<OpRegistry.OpKey, OpDef> r : ops.registrations()) {
            OpDef d = r.value();
            if (custom && !d.isCustom()) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", d.name());
            row.put("since", d.since().target());
            row.put("registrant", r.registrant());
            row.put("custom", d.isCustom());
            row.put("inputs", d.inputs().params().stream().map(InputParam::toString).toList());
            d.binding().ifPresent(b -> {
                Map<String, Object> binding = new LinkedHashMap<>();
                binding.put("className", b.classNameOr(d.name()));
                binding.put("inputOrder", b.inputOrder());
                binding.put("parameters", b.parameters());
                binding.put("weights", b.weights());
                binding.put("description", b.description());
                row.put("binding", binding);
            });
            if (!d.summary().isEmpty()) {
                row.put("summary", d.summary());
            }
            rows.add(row);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(rows));
            return Mil4j.OK;
        }
        for (Map<String, Object> row : rows) {
            out.printf("%-28s %-6s %-30s %s%n", row.get("name"), row.get("since"),
                    row.get("registrant") + ((Boolean) row.get("custom") ? " (custom)" : ""),
                    String.join(", ", castList(row.get("inputs"))));
        }
        out.println(rows.size() + " op definitions");
        return Mil4j.OK;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
        return (List<String>) o;
    }
}
