package dev.mil4j.frontend.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an ONNX model in ONNX Runtime (the second numerical reference, test scope only). Inputs are given as MIL
 * tensor values and converted to the element type the model declares (MIL's int32 becomes ONNX's int64 where the
 * model wants that); outputs come back in graph output order, int64 and double as MIL int64 and fp64 values.
 */
final class OrtRunner {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private OrtRunner() {
    }

    /** The model's graph input names in order, initializers excluded (ONNX Runtime's view). */
    static List<String> inputNames(Path model) {
        try (OrtSession session = ENV.createSession(model.toString(), options())) {
            return List.copyOf(session.getInputNames());
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load " + model + ": " + e.getMessage(), e);
        }
    }

    /** Runs the model on {@code feeds} (by graph input name) and returns its outputs in graph output order. */
    static List<TensorValue> run(Path model, Map<String, TensorValue> feeds) {
        try (OrtSession session = ENV.createSession(model.toString(), options())) {
            Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
                    TensorValue v = feeds.get(e.getKey());
                    if (v == null) {
                        throw new IllegalArgumentException("no value for input `" + e.getKey() + "` of " + model);
                    }
                    inputs.put(e.getKey(), tensor(v, ((TensorInfo) e.getValue().getInfo()).type));
                }
                List<TensorValue> out = new ArrayList<>();
                try (OrtSession.Result result = session.run(inputs)) {
                    for (Map.Entry<String, OnnxValue> e : result) {
                        out.add(value(e.getKey(), (OnnxTensor) e.getValue()));
                    }
                }
                return out;
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + model + ": " + e.getMessage(), e);
        }
    }

    private static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(1);
        return o;
    }

    private static OnnxTensor tensor(TensorValue v, OnnxJavaType type) throws OrtException {
        long[] shape = v.shape().toLongArray();
        return switch (type) {
            case FLOAT -> OnnxTensor.createTensor(ENV, FloatBuffer.wrap(v.toFloatArray()), shape);
            case DOUBLE -> OnnxTensor.createTensor(ENV, DoubleBuffer.wrap(v.toDoubleArray()), shape);
            case INT64 -> OnnxTensor.createTensor(ENV, LongBuffer.wrap(v.toLongArray()), shape);
            case INT32 -> OnnxTensor.createTensor(ENV, IntBuffer.wrap(v.toIntArray()), shape);
            case BOOL -> {
                ByteBuffer b = ByteBuffer.allocateDirect(Math.toIntExact(v.elementCount()))
                        .order(ByteOrder.nativeOrder());
                for (long i = 0; i < v.elementCount(); i++) {
                    b.put((byte) (v.getBoolean(i) ? 1 : 0));
                }
                b.rewind();
                yield OnnxTensor.createTensor(ENV, b, shape, OnnxJavaType.BOOL);
            }
            case INT8, UINT8 -> {
                ByteBuffer b = ByteBuffer.allocateDirect(Math.toIntExact(v.elementCount()))
                        .order(ByteOrder.nativeOrder());
                for (long i = 0; i < v.elementCount(); i++) {
                    b.put((byte) v.getLong(i));
                }
                b.rewind();
                yield OnnxTensor.createTensor(ENV, b, shape, type);
            }
            default -> throw new IllegalArgumentException("no conversion of " + v.type() + " to ONNX " + type);
        };
    }

    private static TensorValue value(String name, OnnxTensor t) {
        Shape shape = Shape.of(t.getInfo().getShape());
        return switch (t.getInfo().type) {
            case FLOAT -> {
                FloatBuffer b = t.getFloatBuffer();
                float[] a = new float[b.remaining()];
                b.get(a);
                yield TensorValue.ofFloats(shape, a);
            }
            case DOUBLE -> {
                DoubleBuffer b = t.getDoubleBuffer();
                double[] a = new double[b.remaining()];
                b.get(a);
                yield TensorValue.ofDoubles(shape, a);
            }
            case INT64 -> {
                LongBuffer b = t.getLongBuffer();
                long[] a = new long[b.remaining()];
                b.get(a);
                yield TensorValue.ofLongs(shape, a);
            }
            case INT32 -> {
                IntBuffer b = t.getIntBuffer();
                int[] a = new int[b.remaining()];
                b.get(a);
                yield TensorValue.ofInts(shape, a);
            }
            case UINT8, INT8 -> { // as int32, the type Core ML's interface gives them
                ByteBuffer b = t.getByteBuffer();
                int[] a = new int[b.remaining()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = t.getInfo().type == OnnxJavaType.UINT8 ? Byte.toUnsignedInt(b.get(i)) : b.get(i);
                }
                yield TensorValue.ofInts(shape, a);
            }
            case BOOL -> {
                ByteBuffer b = t.getByteBuffer();
                boolean[] a = new boolean[b.remaining()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = b.get(i) != 0;
                }
                yield TensorValue.ofBools(shape, a);
            }
            default -> throw new IllegalArgumentException("output `" + name + "` has ONNX type " + t.getInfo().type
                    + ", which the comparison does not read");
        };
    }
}
