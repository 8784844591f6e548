package dev.mil4j.runtime.tensorflow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * The default outputs of a frozen graph, by the rule of mil4j's TensorFlow frontend ({@code TfGraphOutputs}): every
 * output of each node that no other node consumes, ops without values left out, in graph order.
 */
final class SinkOutputs {
    private static final Set<String> NOT_OUTPUTS = Set.of("NoOp", "Const", "Placeholder", "SaveV2", "RestoreV2",
            "Assign", "AssignVariableOp", "MergeV2Checkpoints");

    private SinkOutputs() {
    }

    static List<String> of(GraphDef def) {
        Set<String> consumed = new HashSet<>();
        for (NodeDef n : def.getNodeList()) {
            for (String in : n.getInputList()) {
                String node = in.startsWith("^") ? in.substring(1) : in;
                int colon = node.indexOf(':');
                consumed.add(colon < 0 ? node : node.substring(0, colon));
            }
        }
        List<String> out = new ArrayList<>();
        for (NodeDef n : def.getNodeList()) {
            if (!consumed.contains(n.getName()) && !NOT_OUTPUTS.contains(n.getOp())) {
                out.add(n.getName());
                for (int i = 1; i < outputCount(n); i++) {
                    out.add(n.getName() + ":" + i);
                }
            }
        }
        return out;
    }

    private static int outputCount(NodeDef n) {
        return switch (n.getOp()) {
            case "TopKV2", "TopK" -> 2;
            case "Unpack" -> (int) n.getAttrOrDefault("num", null).getI();
            case "Split", "SplitV" -> (int) n.getAttrOrDefault("num_split", null).getI();
            default -> 1;
        };
    }
}
