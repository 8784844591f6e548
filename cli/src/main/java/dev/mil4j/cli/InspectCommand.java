package dev.mil4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mil4j inspect FILE [--json]}: describes a .mlmodel or .mlpackage written by any tool. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Describe a Core ML model (.mlmodel or .mlpackage, from mil4j or any other tool).")
final class InspectCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        if (!Files.exists(file)) {
            throw new Mil4j.UsageException(file + " does not exist");
        }
        Map<String, Object> s;
        try {
            s = ModelSummary.of(file);
        } catch (IOException e) {
            throw new Mil4j.UsageException("cannot read " + file + ": " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(s));
            return Mil4j.OK;
        }
        out.printf("%s: %s, specification version %s, %s%n", s.get("file"), s.get("format"),
                s.get("specificationVersion"), s.get("type"));
        for (String field : List.of("author", "license", "shortDescription", "version")) {
            if (s.containsKey(field)) {
                out.printf("  %s: %s%n", field, s.get(field));
            }
        }
        if (s.containsKey("metadata")) {
            out.printf("  metadata: %s%n", s.get("metadata"));
        }
        for (String io : List.of("inputs", "outputs")) {
            for (Object f : (List<?>) s.get(io)) {
                Map<?, ?> m = (Map<?, ?>) f;
                out.printf("  %-7s %s: %s %s %s%s%n", io.substring(0, io.length() - 1), m.get("name"), m.get("type"),
                        m.containsKey("dataType") ? m.get("dataType") : m.containsKey("colorSpace")
                                ? m.get("colorSpace") : m.containsKey("keyType") ? "by " + m.get("keyType") : "",
                        m.containsKey("shape") ? m.get("shape") : "",
                        (m.containsKey("enumeratedShapes") ? " one of " + m.get("enumeratedShapes") : "")
                                + (m.containsKey("shapeRange") ? " ranges " + m.get("shapeRange") : "")
                                + (m.containsKey("description") ? " \"" + m.get("description") + "\"" : ""));
            }
        }
        if (s.containsKey("predictedFeatureName")) {
            out.printf("  predicted feature: %s, probabilities: %s%n", s.get("predictedFeatureName"),
                    s.getOrDefault("predictedProbabilitiesName", "(none)"));
        }
        if (s.containsKey("classLabels")) {
            out.printf("  class labels: %s%n", s.get("classLabels"));
        }
        if (s.containsKey("layers")) {
            out.printf("  %s layers: %s%n", s.get("layerCount"), s.get("layerCounts"));
            out.printf("  in order: %s%n", String.join(", ", strings(s.get("layers"))));
            if (s.containsKey("weightForms")) {
                out.printf("  weights: %s%n", s.get("weightForms"));
            }
        }
        if (s.containsKey("customLayers")) {
            for (Object c : (List<?>) s.get("customLayers")) {
                Map<?, ?> m = (Map<?, ?>) c;
                out.printf("  custom layer %s: className %s, parameters %s, inputs %s, %s weights, description "
                        + "\"%s\"%n", m.get("name"), m.get("className"), m.get("parameters"), m.get("inputs"),
                        m.get("weights"), m.get("description"));
            }
        }
        if (s.containsKey("functions")) {
            for (Map.Entry<?, ?> f : ((Map<?, ?>) s.get("functions")).entrySet()) {
                Map<?, ?> m = (Map<?, ?>) f.getValue();
                out.printf("  function %s (%s): %s ops %s%n", f.getKey(), m.get("opset"), m.get("opCount"),
                        m.get("opCounts"));
                out.printf("    in order: %s%n", String.join(", ", strings(m.get("ops"))));
            }
            out.printf("  weight file: %s bytes%n", s.get("weightFileBytes"));
        }
        return Mil4j.OK;
    }

    private static List<String> strings(Object o) {
        return ((List<?>) o).stream().map(String::valueOf).toList();
    }
}
