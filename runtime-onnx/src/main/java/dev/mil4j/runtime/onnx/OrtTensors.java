package dev.mil4j.runtime.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.mil4j.converter.spi.ReferenceRuntimeException;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Optional;

/** MIL tensor values to ONNX Runtime tensors and back. */
final class OrtTensors {
    private OrtTensors() {
    }

    /** {@code v} as a tensor of the element type the model declares for the input. */
    static OnnxTensor tensor(TensorValue v, OnnxJavaType type) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = v.shape().toLongArray();
        return switch (type) {
            case FLOAT -> OnnxTensor.createTensor(env, FloatBuffer.wrap(v.toFloatArray()), shape);
            case DOUBLE -> OnnxTensor.createTensor(env, DoubleBuffer.wrap(v.toDoubleArray()), shape);
            case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap(v.toLongArray()), shape);
            case INT32 -> OnnxTensor.createTensor(env, IntBuffer.wrap(v.toIntArray()), shape);
            case BOOL -> {
                ByteBuffer b = ByteBuffer.allocateDirect(Math.toIntExact(v.elementCount()))
                        .order(ByteOrder.nativeOrder());
                for (long i = 0; i < v.elementCount(); i++) {
                    b.put((byte) (v.getBoolean(i) ? 1 : 0));
                }
                b.rewind();
                yield OnnxTensor.createTensor(env, b, shape, OnnxJavaType.BOOL);
            }
            case INT8, UINT8 -> { // the int32 values Core ML's interface gives 8-bit inputs
                ByteBuffer b = ByteBuffer.allocateDirect(Math.toIntExact(v.elementCount()))
                        .order(ByteOrder.nativeOrder());
                for (long i = 0; i < v.elementCount(); i++) {
                    b.put((byte) v.getLong(i));
                }
                b.rewind();
                yield OnnxTensor.createTensor(env, b, shape, type);
            }
            default -> throw new ReferenceRuntimeException("an input of ONNX type " + type + " cannot be fed from "
                    + v.type());
        };
    }

    /**
     * The tensor as a MIL value (8-bit integers as int32); empty for element types the comparison does not read
     * (strings, fp16).
     */
    static Optional<TensorValue> value(OnnxTensor t) {
        Shape shape = Shape.of(t.getInfo().getShape());
        return switch (t.getInfo().type) {
            case FLOAT -> {
                FloatBuffer b = t.getFloatBuffer();
                float[] a = new float[b.remaining()];
                b.get(a);
                yield Optional.of(TensorValue.ofFloats(shape, a));
            }
            case DOUBLE -> {
                DoubleBuffer b = t.getDoubleBuffer();
                double[] a = new double[b.remaining()];
                b.get(a);
                yield Optional.of(TensorValue.ofDoubles(shape, a));
            }
            case INT64 -> {
                LongBuffer b = t.getLongBuffer();
                long[] a = new long[b.remaining()];
                b.get(a);
                yield Optional.of(TensorValue.ofLongs(shape, a));
            }
            case INT32 -> {
                IntBuffer b = t.getIntBuffer();
                int[] a = new int[b.remaining()];
                b.get(a);
                yield Optional.of(TensorValue.ofInts(shape, a));
            }
            case BOOL -> {
                ByteBuffer b = t.getByteBuffer();
                boolean[] a = new boolean[b.remaining()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = b.get(i) != 0;
                }
                yield Optional.of(TensorValue.ofBools(shape, a));
            }
            case INT8, UINT8 -> { // as int32, the type Core ML's interface gives them
                ByteBuffer b = t.getByteBuffer();
                int[] a = new int[b.remaining()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = t.getInfo().type == OnnxJavaType.UINT8 ? Byte.toUnsignedInt(b.get(i)) : b.get(i);
                }
                yield Optional.of(TensorValue.ofInts(shape, a));
            }
            default -> Optional.empty();
        };
    }
}
