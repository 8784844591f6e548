package dev.mil4j.tools.conformance;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.Fp16;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.proto.TensorProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a node test's {@code input_<i>.pb} / {@code output_<j>.pb} ({@code TensorProto}) into a tensor that keeps the
 * ONNX dtype where MIL has one (fp64, int64, int8, uint8, int16, uint16 included); uint32 and uint64 become int64,
 * bfloat16 becomes fp32. Sequence, map and optional values (other messages) and complex tensors are not tensors here.
 */
final class TensorFiles {
    private TensorFiles() {
    }

    /** The ONNX element type's name (as in the ONNX spec: {@code float}, {@code int64}, ...). */
    static String onnxTypeName(int dataType) {
        return switch (dataType) {
            case 1 -> "float";
            case 2 -> "uint8";
            case 3 -> "int8";
            case 4 -> "uint16";
            case 5 -> "int16";
            case 6 -> "int32";
            case 7 -> "int64";
            case 8 -> "string";
            case 9 -> "bool";
            case 10 -> "float16";
            case 11 -> "double";
            case 12 -> "uint32";
            case 13 -> "uint64";
            case 14 -> "complex64";
            case 15 -> "complex128";
            case 16 -> "bfloat16";
            default -> "type " + dataType;
        };
    }

    /** A parsed tensor file: its ONNX element type and the value, empty when it is not a tensor we can hold. */
    record Tensor(String name, int dataType, Optional<TensorValue> value) {
    }

    static Tensor read(Path file) throws IOException {
        TensorProto t;
        try (InputStream in = Files.newInputStream(file)) {
            t = TensorProto.parseFrom(in);
        }
        return new Tensor(t.getName(), t.getDataType(), convert(t));
    }

    private static Optional<TensorValue> convert(TensorProto t) {
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        Shape shape = Shape.of(dims);
        int n = Math.toIntExact(Shape.of(dims).elementCount().orElseThrow());
        ByteBuffer raw = t.hasRawData() ? t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN) : null;
        switch (t.getDataType()) {
            case 1 -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = raw != null ? raw.getFloat(4 * i) : t.getFloatData(i);
                }
                return Optional.of(TensorValue.ofFloats(shape, v));
            }
            case 11 -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = raw != null ? raw.getDouble(8 * i) : t.getDoubleData(i);
                }
                return Optional.of(TensorValue.ofDoubles(shape, v));
            }
            case 10, 16 -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    int bits = (raw != null ? raw.getShort(2 * i) : t.getInt32Data(i)) & 0xffff;
                    v[i] = t.getDataType() == 10 ? Fp16.toFloat((short) bits) : Float.intBitsToFloat(bits << 16);
                }
                return Optional.of(TensorValue.fromDoubles(t.getDataType() == 10 ? DType.FP16 : DType.FP32, shape, v));
            }
            case 2, 3, 4, 5, 6, 9 -> {
                DType d = switch (t.getDataType()) {
                    case 2 -> DType.UINT8;
                    case 3 -> DType.INT8;
                    case 4 -> DType.UINT16;
                    case 5 -> DType.INT16;
                    case 6 -> DType.INT32;
                    default -> DType.BOOL;
                };
                int width = d.byteSize();
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = raw == null ? t.getInt32Data(i) : switch (width) {
                        case 1 -> d == DType.INT8 ? raw.get(i) : raw.get(i) & 0xff;
                        case 2 -> d == DType.INT16 ? raw.getShort(2 * i) : raw.getShort(2 * i) & 0xffff;
                        default -> raw.getInt(4 * i);
                    };
                }
                if (d == DType.BOOL) {
                    boolean[] b = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        b[i] = v[i] != 0;
                    }
                    return Optional.of(TensorValue.ofBools(shape, b));
                }
                return Optional.of(TensorValue.fromLongs(d, shape, v));
            }
            case 7, 12, 13 -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = raw != null ? (t.getDataType() == 12 ? raw.getInt(4 * i) & 0xffffffffL : raw.getLong(8 * i))
                            : t.getDataType() == 7 ? t.getInt64Data(i) : t.getUint64Data(i);
                }
                return Optional.of(TensorValue.ofLongs(shape, v));
            }
            case 8 -> {
                String[] v = new String[n];
                for (int i = 0; i < n; i++) {
                    v[i] = t.getStringData(i).toStringUtf8();
                }
                return Optional.of(TensorValue.ofStrings(shape, v));
            }
            default -> {
                return Optional.empty();
            }
        }
    }
}
