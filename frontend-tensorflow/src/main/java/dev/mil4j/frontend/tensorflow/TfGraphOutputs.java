package dev.mil4j.frontend.tensorflow;

import dev.mil4j.converter.spi.ConversionOptions;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The outputs of a graph: the user's, else the signature's, else every output of the graph's sink nodes. */
final class TfGraphOutputs {
    /** Ops that produce no value and are never graph outputs. */
    private static final Set<String> NOT_OUTPUTS = Set.of("NoOp", "Const", "Placeholder", "SaveV2", "RestoreV2",
            "Assign", "AssignVariableOp", "MergeV2Checkpoints");

    private TfGraphOutputs() {
    }

    /** Output name to graph tensor, in order; an output naming no node is an error listing what may be named. */
    static Map<String, TfNode.Ref> of(TfModel model, Map<String, TfNode> nodes, ConversionOptions options) {
        Map<String, TfNode.Ref> out = new LinkedHashMap<>();
        Map<String, TfNode.Ref> signatureOutputs = model.signature().map(TfModel.Signature::outputs).orElse(Map.of());
        if (!options.outputs().isEmpty()) {
            for (String name : options.outputs()) {
                TfNode.Ref ref = signatureOutputs.getOrDefault(name, TfNode.Ref.parse(name));
                if (!nodes.containsKey(ref.node())) {
                    throw new ConversionException(Diagnostic.error("TensorFlow graph " + model.file()
                            + " has no node or signature output named `" + name + "`")
                            .withHint("name an output as a node (`logits`), a node output (`topk:1`)"
                                    + (signatureOutputs.isEmpty() ? "" : " or a signature output ("
                                    + String.join(", ", signatureOutputs.keySet()) + ")")));
                }
                out.put(name, ref);
            }
            return out;
        }
        if (!signatureOutputs.isEmpty()) {
            return signatureOutputs;
        }
        Set<String> consumed = new HashSet<>();
        for (TfNode n : nodes.values()) {
            n.inputs().forEach(r -> consumed.add(r.node()));
        }
        for (TfNode n : nodes.values()) {
            if (!consumed.contains(n.name()) && !NOT_OUTPUTS.contains(n.op())) {
                out.put(n.name(), new TfNode.Ref(n.name(), 0));
                for (int i = 1; i < outputCount(n); i++) {
                    out.put(n.name() + ":" + i, new TfNode.Ref(n.name(), i));
                }
            }
        }
        if (out.isEmpty()) {
            throw new ConversionException(Diagnostic.error("TensorFlow graph " + model.file() + " has no output: "
                    + "every node's value is used by another node").withHint("name the outputs (ConversionOptions "
                    + "outputs, --output)"));
        }
        return out;
    }

    /** The number of outputs a sink node contributes as default graph outputs. */
    private static int outputCount(TfNode n) {
        return switch (n.op()) {
            case "TopKV2", "TopK" -> 2;
            case "Unpack" -> (int) n.intAttr("num", 1);
            case "Split", "SplitV" -> (int) n.intAttr("num_split", 1);
            case "If", "StatelessIf" -> n.attr("Tout").map(a -> a.getList().getTypeCount()).orElse(1);
            case "While", "StatelessWhile" -> n.attr("T").map(a -> a.getList().getTypeCount()).orElse(1);
            default -> 1;
        };
    }
}
