package dev.mil4j.cli;

import dev.mil4j.converter.spi.SourceNames;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The source model's own input and output names for {@code run} (see {@link SourceNames}): an input may be given by
 * its source name ({@code x.1}) or its Core ML name ({@code x_1}), and each output is written under its source name,
 * the Core ML name shown beside it when they differ.
 */
final class SourceNameMapping {
    private final Map<String, String> inputs = new HashMap<>();
    private final Map<String, String> outputs = new HashMap<>();

    private SourceNameMapping(Program program) {
        List<Var> in = program.main().inputs();
        List<Var> out = program.main().outputs();
        SourceNames.inputs(program).filter(n -> n.size() == in.size())
                .ifPresent(n -> put(inputs, n, in.stream().map(Var::name).toList(), true));
        SourceNames.outputs(program).filter(n -> n.size() == out.size())
                .ifPresent(n -> put(outputs, n, out.stream().map(Var::name).toList(), false));
    }

    static SourceNameMapping of(Program program) {
        return new SourceNameMapping(program);
    }

    private static void put(Map<String, String> map, List<String> source, List<String> vars, boolean toVar) {
        for (int i = 0; i < source.size(); i++) {
            if (!source.get(i).equals(vars.get(i))) {
                map.put(toVar ? source.get(i) : vars.get(i), toVar ? vars.get(i) : source.get(i));
            }
        }
    }

    /** The given inputs keyed by the program's input names: source names replaced, the others kept. */
    <T> Map<String, T> inputsByVar(Map<String, T> given) {
        Map<String, T> out = new LinkedHashMap<>();
        given.forEach((name, v) -> out.put(inputs.getOrDefault(name, name), v));
        return out;
    }

    /** The inputs (keyed by the program's input names) keyed by their source names, for the source framework. */
    Map<String, TensorValue> inputsBySource(Map<String, TensorValue> byVar) {
        Map<String, String> source = new HashMap<>();
        inputs.forEach((s, v) -> source.put(v, s));
        Map<String, TensorValue> out = new LinkedHashMap<>();
        byVar.forEach((name, v) -> out.put(source.getOrDefault(name, name), v));
        return out;
    }

    /** The source name of an output of the program, or its own name. */
    String outputName(String var) {
        return outputs.getOrDefault(var, var);
    }

    /** The outputs keyed by their source names, in order. */
    <T> Map<String, T> outputsBySource(Map<String, T> results) {
        Map<String, T> out = new LinkedHashMap<>();
        results.forEach((name, v) -> out.put(outputName(name), v));
        return out;
    }

    /** {@code out.0 (Core ML out_0)} for each renamed output, in order; empty when none was. */
    List<String> renamedOutputs(Map<String, ?> results) {
        return results.keySet().stream().filter(outputs::containsKey)
                .map(n -> RunCommand.fileName(outputName(n)) + ".npy: Core ML output `" + n + "`").toList();
    }
}
