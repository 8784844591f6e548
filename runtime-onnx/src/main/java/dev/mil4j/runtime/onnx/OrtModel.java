package dev.mil4j.runtime.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.mil4j.converter.spi.ReferenceModel;
import dev.mil4j.converter.spi.ReferenceRuntimeException;
import dev.mil4j.core.value.TensorValue;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model in an ONNX Runtime session, made from the file (external data is read from beside it). Inputs are fed by graph input name, cast to the element type the model
 * declares (MIL's int32 becomes ONNX's int64 where the model wants that). Intermediate values come from a second
 * session of the same model with every node output made a graph output ({@link GraphOutputs}).
 */
final class OrtModel implements ReferenceModel {
    private final Path file;
    private final byte[] bytes;
    private final OrtSession session;

    OrtModel(Path file, byte[] bytes) throws OrtException {
        this.file = file;
        this.bytes = bytes;
        // from the file, so that ONNX Runtime finds external data beside it
        this.session = OrtEnvironment.getEnvironment().createSession(file.toString(), options());
    }

    private static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(1);
        return o;
    }

    @Override
    public Map<String, TensorValue> run(Map<String, TensorValue> inputs) {
        return run(session, inputs);
    }

    @Override
    public boolean exposesIntermediates() {
        return true;
    }

    @Override
    public Map<String, TensorValue> intermediates(Map<String, TensorValue> inputs) {
        List<String> names = GraphOutputs.nodeOutputs(bytes);
        byte[] exposing = GraphOutputs.withOutputs(bytes, names);
        try (OrtSession all = OrtEnvironment.getEnvironment().createSession(exposing, options())) {
            Map<String, TensorValue> values = run(all, inputs);
            Map<String, TensorValue> ordered = new LinkedHashMap<>();
            for (String n : names) {
                TensorValue v = values.get(n);
                if (v != null) {
                    ordered.put(n, v);
                }
            }
            values.forEach(ordered::putIfAbsent); // the graph's own outputs last
            return ordered;
        } catch (OrtException e) {
            throw new ReferenceRuntimeException("ONNX Runtime cannot load " + file + " with its intermediate values as "
                    + "outputs: " + e.getMessage(), e);
        }
    }

    private Map<String, TensorValue> run(OrtSession s, Map<String, TensorValue> inputs) {
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, NodeInfo> e : s.getInputInfo().entrySet()) {
                TensorValue v = inputs.get(e.getKey());
                if (v == null) {
                    throw new ReferenceRuntimeException("no value for input `" + e.getKey() + "` of " + file
                            + "; its inputs are " + s.getInputNames());
                }
                feeds.put(e.getKey(), OrtTensors.tensor(v, ((TensorInfo) e.getValue().getInfo()).type));
            }
            Map<String, TensorValue> out = new LinkedHashMap<>();
            try (OrtSession.Result result = s.run(feeds)) {
                for (Map.Entry<String, OnnxValue> e : result) {
                    if (e.getValue() instanceof OnnxTensor t) {
                        OrtTensors.value(t).ifPresent(v -> out.put(e.getKey(), v));
                    }
                }
            }
            return out;
        } catch (OrtException e) {
            throw new ReferenceRuntimeException("ONNX Runtime failed to run " + file + ": " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new ReferenceRuntimeException("ONNX Runtime cannot close " + file + ": " + e.getMessage(), e);
        }
    }

}
