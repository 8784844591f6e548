package dev.mil4j.runtime.tensorflow;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * What a session is fed and asked for, named as mil4j's TensorFlow frontend names the converted model's inputs and
 * outputs: {@code inputs} maps an input name to the graph tensor it feeds and that tensor's dtype, {@code outputs}
 * maps an output name to the graph tensor fetched, both in the order of the converted model.
 *
 * @param inputs  input name to the fed tensor
 * @param outputs output name to the fetched tensor ({@code node} or {@code node:index})
 */
record TfEndpoints(Map<String, Feed> inputs, Map<String, String> outputs) {
    /** A fed graph tensor ({@code node} or {@code node:index}) and its dtype. */
    record Feed(String tensor, DataType dtype) {
    }

    TfEndpoints {
        inputs = new LinkedHashMap<>(inputs);
        outputs = new LinkedHashMap<>(outputs);
    }

    /** A frozen graph's: its placeholders by node name, in graph order, and its default outputs. */
    static TfEndpoints ofFrozen(GraphDef def) {
        Map<String, Feed> inputs = new LinkedHashMap<>();
        for (NodeDef n : def.getNodeList()) {
            if (n.getOp().equals("Placeholder")) {
                inputs.put(n.getName(), new Feed(n.getName(), n.getAttrOrThrow("dtype").getType()));
            }
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        SinkOutputs.of(def).forEach(o -> outputs.put(o, o));
        return new TfEndpoints(inputs, outputs);
    }
}
