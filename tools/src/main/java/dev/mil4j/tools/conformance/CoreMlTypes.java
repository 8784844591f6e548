package dev.mil4j.tools.conformance;

import dev.mil4j.core.types.DType;

/**
 * The dtype a Core ML model's interface gives an ONNX tensor type, the one a converted model's input or output is
 * expected to have (coremltools' choices, which the ML Program backend's {@code mlprogram::adjust_io_dtypes} makes:
 * a Core ML multi-array holds fp16, fp32, fp64 or int32, and an ML Program computes in fp16/fp32/int32/bool):
 *
 * <table>
 * <tr><th>ONNX</th><th>Core ML interface</th></tr>
 * <tr><td>float, double, bfloat16</td><td>fp32</td></tr>
 * <tr><td>float16</td><td>fp32 for the default deployment target, iOS15 (a multi-array holds fp16 from iOS16 on,
 * where it stays fp16)</td></tr>
 * <tr><td>int8, uint8, int16, uint16, int32, uint32, int64, uint64</td><td>int32</td></tr>
 * <tr><td>bool</td><td>fp32 (a multi-array has no bool; 0 and 1)</td></tr>
 * <tr><td>string</td><td>string</td></tr>
 * </table>
 */
final class CoreMlTypes {
    private CoreMlTypes() {
    }

    /** The interface dtype of an ONNX element type ({@code TensorProto.DataType} number). */
    static DType interfaceType(int onnxDataType) {
        return switch (onnxDataType) {
            case 1, 11, 16 -> DType.FP32;
            case 10 -> DType.FP32; // iOS15, the runner's (and the converter's default) deployment target
            case 9 -> DType.FP32;
            case 8 -> DType.STRING;
            default -> DType.INT32;
        };
    }

    /** Whether {@code actual} is the dtype Core ML's interface gives ONNX type {@code onnxDataType}. */
    static boolean matches(DType actual, int onnxDataType) {
        return actual == interfaceType(onnxDataType);
    }
}
