package dev.mil4j.runtime.tensorflow;

import dev.mil4j.converter.spi.ReferenceModel;
import dev.mil4j.converter.spi.ReferenceRuntimeException;
import dev.mil4j.core.value.TensorValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;

/**
 * A TensorFlow session fed and fetched through {@link TfEndpoints}: the inputs feed the tensors of the same name
 * (else the endpoints' inputs in order), and the outputs come back under the endpoints' output names. For a frozen
 * graph those are its placeholders and default outputs ({@link SinkOutputs}); for a SavedModel, its serving
 * signature's ({@link SavedModelSignature}).
 */
final class TfSessionModel implements ReferenceModel {
    private final Path file;
    private final Session session;
    private final AutoCloseable owner;
    private final TfEndpoints endpoints;

    /** {@code owner} holds the session and is closed with this model. */
    TfSessionModel(Path file, Session session, AutoCloseable owner, TfEndpoints endpoints) {
        this.file = file;
        this.session = session;
        this.owner = owner;
        this.endpoints = endpoints;
    }

    @Override
    public Map<String, TensorValue> run(Map<String, TensorValue> inputs) {
        List<Tensor> fed = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            List<String> names = new ArrayList<>(endpoints.inputs().keySet());
            boolean byName = endpoints.inputs().keySet().containsAll(inputs.keySet());
            if (!byName && inputs.size() != names.size()) {
                throw new ReferenceRuntimeException(file + " has the inputs " + names + ", which the inputs "
                        + inputs.keySet() + " do not name");
            }
            int i = 0;
            for (Map.Entry<String, TensorValue> e : inputs.entrySet()) {
                TfEndpoints.Feed feed = endpoints.inputs().get(byName ? e.getKey() : names.get(i));
                i++;
                Tensor t = TfTensors.tensor(e.getValue(), feed.dtype());
                fed.add(t);
                runner.feed(feed.tensor(), t);
            }
            endpoints.outputs().values().forEach(runner::fetch);
            Map<String, TensorValue> out = new LinkedHashMap<>();
            try (Result result = runner.run()) {
                int j = 0;
                for (String name : endpoints.outputs().keySet()) {
                    out.put(name, TfTensors.value(result.get(j++)));
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
        try {
            owner.close();
        } catch (Exception e) {
            throw new ReferenceRuntimeException("TensorFlow failed to release " + file + ": " + e.getMessage(), e);
        }
    }
}
