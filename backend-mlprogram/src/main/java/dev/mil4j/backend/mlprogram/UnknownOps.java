package dev.mil4j.backend.mlprogram;

import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.spec.proto.mil.Block;
import dev.mil4j.spec.proto.mil.Function;
import dev.mil4j.spec.proto.mil.Operation;
import dev.mil4j.spec.proto.mil.Program;
import dev.mil4j.spec.proto.mil.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds, before anything is built, every reason a MIL.proto program cannot be read with an op registry: unknown
 * opsets, missing block specializations, op types the registry does not know (listed together, with function and
 * count), and {@code custom_layer} ops, which coremltools writes for custom ops although Core ML cannot load them
 * from an ML Program.
 */
final class UnknownOps {
    /** The op type coremltools writes for a custom op in an ML Program. */
    static final String CUSTOM_LAYER = "custom_layer";

    private UnknownOps() {
    }

    /**
     * @param program the MIL.proto program
     * @param registry the ops mil4j knows
     * @param source the package, for messages
     * @return every problem found; empty when the program can be read
     */
    static List<Diagnostic> find(Program program, OpRegistry registry, String source) {
        List<Diagnostic> out = new ArrayList<>();
        Map<String, Map<String, Integer>> unknown = new LinkedHashMap<>(); // op type -> function -> count
        for (Map.Entry<String, Function> f : program.getFunctionsMap().entrySet()) {
            String fn = f.getKey();
            Optional<Opset> opset = Opset.parse(f.getValue().getOpset());
            if (opset.isEmpty()) {
                out.add(Diagnostic.error("function `" + fn + "` of " + source + " uses opset \""
                        + f.getValue().getOpset() + "\", which mil4j does not know")
                        .withHint("mil4j reads the opsets CoreML5 (iOS15) to CoreML8 (iOS18)"));
                continue;
            }
            Optional<Block> body = body(f.getValue());
            if (body.isEmpty()) {
                out.add(Diagnostic.error("function `" + fn + "` of " + source + " has no block for its opset "
                        + f.getValue().getOpset() + " (it has " + f.getValue().getBlockSpecializationsMap().keySet()
                        + ")").withHint("the package is malformed; convert the model again"));
                continue;
            }
            scan(body.get(), fn, opset.get(), registry, source, unknown, out);
        }
        if (!unknown.isEmpty()) {
            String list = unknown.entrySet().stream()
                    .map(e -> "`" + e.getKey() + "` (" + e.getValue().entrySet().stream()
                            .map(c -> "function `" + c.getKey() + "`, " + c.getValue()
                                    + (c.getValue() == 1 ? " time" : " times"))
                            .collect(Collectors.joining("; ")) + ")")
                    .collect(Collectors.joining(", "));
            out.add(Diagnostic.error(source + " uses " + unknown.size() + " op "
                    + (unknown.size() == 1 ? "type" : "types") + " that the op registry does not know: " + list)
                    .withHint("read it with a registry that has these ops (StandardOps, plus the plugins that"
                            + " define the others)"));
        }
        return out;
    }

    /** @return the block of the function's own opset, or its only block */
    static Optional<Block> body(Function f) {
        Block b = f.getBlockSpecializationsMap().get(f.getOpset());
        if (b == null && f.getBlockSpecializationsCount() == 1) {
            b = f.getBlockSpecializationsMap().values().iterator().next();
        }
        return Optional.ofNullable(b);
    }

    private static void scan(Block block, String fn, Opset opset, OpRegistry registry, String source,
            Map<String, Map<String, Integer>> unknown, List<Diagnostic> out) {
        for (Operation op : block.getOperationsList()) {
            if (op.getType().equals(CUSTOM_LAYER)) {
                out.add(customLayer(op, fn, source));
            } else if (registry.lookup(op.getType().equals(StateUpdates.WRITE) ? StateUpdates.UPDATE : op.getType(),
                    opset).isEmpty()) {
                unknown.computeIfAbsent(op.getType(), k -> new LinkedHashMap<>()).merge(fn, 1, Integer::sum);
            }
            for (Block nested : op.getBlocksList()) {
                scan(nested, fn, opset, registry, source, unknown, out);
            }
        }
    }

    private static Diagnostic customLayer(Operation op, String fn, String source) {
        String name = string(op, MilProtoWriter.NAME_ATTRIBUTE)
                .orElse(op.getOutputsCount() > 0 ? op.getOutputs(0).getName() : "?");
        String className = string(op, "class_name").orElse("?");
        return Diagnostic.error("op `" + name + "` of function `" + fn + "` in " + source + " is a `"
                + CUSTOM_LAYER + "` (class `" + className + "`): coremltools wrote a custom op into this ML Program,"
                + " but Core ML cannot load custom layers from an ML Program (loading the package fails, e.g. in"
                + " Xcode), so mil4j does not read it")
                .forOp(name, CUSTOM_LAYER)
                .withHint("convert the source model to the NeuralNetwork target (--to neuralnetwork), which supports"
                        + " custom layers, or express the custom operation as a composite of MIL ops");
    }

    private static Optional<String> string(Operation op, String attribute) {
        Value v = op.getAttributesMap().get(attribute);
        if (v == null || !v.hasImmediateValue() || !v.getImmediateValue().hasTensor()
                || v.getImmediateValue().getTensor().getStrings().getValuesCount() != 1) {
            return Optional.empty();
        }
        return Optional.of(v.getImmediateValue().getTensor().getStrings().getValues(0));
    }
}
