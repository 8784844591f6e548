package dev.mil4j.frontend.onnx;

import dev.mil4j.core.types.DType;
import dev.mil4j.frontend.onnx.proto.TensorProto.DataType;
import java.util.Optional;

/**
 * ONNX element types and their MIL dtypes. MIL computes in 32 bits: int64 and uint32/uint64 become int32 (values
 * saturate), double and bfloat16 become fp32; complex types have no MIL dtype.
 */
public final class OnnxTypes {
    private OnnxTypes() {
    }

    /** The MIL dtype an ONNX element type (a {@code TensorProto.DataType} number) is converted to. */
    public static Optional<DType> milDtype(int onnxType) {
        DataType t = DataType.forNumber(onnxType);
        if (t == null) {
            return Optional.empty();
        }
        return switch (t) {
            case FLOAT, DOUBLE, BFLOAT16 -> Optional.of(DType.FP32);
            case FLOAT16 -> Optional.of(DType.FP16);
            case INT32, INT64, UINT32, UINT64 -> Optional.of(DType.INT32);
            case INT16 -> Optional.of(DType.INT16);
            case INT8 -> Optional.of(DType.INT8);
            case UINT16 -> Optional.of(DType.UINT16);
            case UINT8 -> Optional.of(DType.UINT8);
            case BOOL -> Optional.of(DType.BOOL);
            case STRING -> Optional.of(DType.STRING);
            default -> Optional.empty();
        };
    }

    /**
     * The dtype a graph input or a {@code Cast} result of an ONNX element type computes in: {@link #milDtype}, with
     * the small integers (int8, uint8, int16, uint16), which MIL's arithmetic and an ML Program's interface do not
     * take, widened to int32 as coremltools does (a {@code Cast} to them does not wrap around).
     */
    public static Optional<DType> computeDtype(int onnxType) {
        return milDtype(onnxType).map(d -> d == DType.INT8 || d == DType.UINT8 || d == DType.INT16
                || d == DType.UINT16 ? DType.INT32 : d);
    }

    /** The name of an ONNX element type for messages, e.g. {@code COMPLEX64} or {@code 99 (unknown)}. */
    public static String name(int onnxType) {
        DataType t = DataType.forNumber(onnxType);
        return t == null ? onnxType + " (unknown)" : t.name();
    }

    /** Bytes per element of an ONNX element type in raw data; 0 for strings and unknown types. */
    static int rawSize(DataType t) {
        return switch (t) {
            case FLOAT, INT32, UINT32 -> 4;
            case DOUBLE, INT64, UINT64, COMPLEX64 -> 8;
            case COMPLEX128 -> 16;
            case FLOAT16, BFLOAT16, INT16, UINT16 -> 2;
            case INT8, UINT8, BOOL -> 1;
            default -> 0;
        };
    }

    /** A MIL name made of {@code [A-Za-z0-9_]} and not starting with a digit; {@code fallback} when nothing is left. */
    public static String sanitize(String name, String fallback) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean underscore = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (ok) {
                sb.append(c);
                underscore = c == '_';
            } else if (sb.length() > 0 && !underscore) {
                sb.append('_');
                underscore = true;
            }
        }
        while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '_' && !name.endsWith("_")) {
            sb.setLength(sb.length() - 1);
        }
        if (sb.length() == 0) {
            return fallback;
        }
        if (Character.isDigit(sb.charAt(0))) {
            sb.insert(0, '_');
        }
        return sb.toString();
    }
}
