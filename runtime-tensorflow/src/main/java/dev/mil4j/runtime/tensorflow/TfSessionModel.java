package dev.mil4j.runtime.tensorflow;

import dev.mil4j.converter.spi.ReferenceModel;
import dev.mil4j.converter.spi.ReferenceRuntimeException;
import dev.mil4j.core.value.TensorValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * A frozen graph in a TensorFlow session. Inputs feed the placeholders of the same name (else the placeholders in
 * graph order); the outputs are fetched as mil4j's TensorFlow frontend picks them without {@code --output-name}:
 * every output of the nodes no other node consumes ({@link SinkOutputs}).
 */
final class TfSessionModel implements ReferenceModel {
    private final Path file;
    private final Graph graph;
    private final Session session;
    private final Map<String, DataType> placeholders = new LinkedHashMap<>();
    private final List<String> outputs;

    TfSessionModel(Path file, GraphDef def, Graph graph) {
        this.file = file;
        this.graph = graph;
        this.session = new Session(graph);
        for (NodeDef n : def.getNodeList()) {
            if (n.getOp().equals("Placeholder")) {
                placeholders.put(n.getName(), n.getAttrOrThrow("dtype").getType());
            }
        }
        this.outputs = SinkOutputs.of(def);
    }

    @Override
    public Map<String, TensorValue> run(Map<String, TensorValue> inputs) {
        List<Tensor> fed = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            List<String> names = new ArrayList<>(placeholders.keySet());
            boolean byName = placeholders.keySet().containsAll(inputs.keySet());
            if (!byName && inputs.size() != names.size()) {
                throw new ReferenceRuntimeException(file + " has the placeholders " + names + ", which the inputs "
                        + inputs.keySet() + " do not name");
            }
            int i = 0;
            for (Map.Entry<String, TensorValue> e : inputs.entrySet()) {
                String name = byName ? e.getKey() : names.get(i);
                i++;
                Tensor t = TfTensors.tensor(e.getValue(), placeholders.get(name));
                fed.add(t);
                runner.feed(name, t);
            }
            outputs.forEach(runner::fetch);
            Map<String, TensorValue> out = new LinkedHashMap<>();
            try (Result result = runner.run()) {
                for (int j = 0; j < outputs.size(); j++) {
                    out.put(outputs.get(j), TfTensors.value(result.get(j)));
                }
            }
            return out;
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw new ReferenceRuntimeException("TensorFlow failed to run " + file + ": " + e.getMessage(), e);
        } finally {
            fed.forEach(Tensor::close);
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
