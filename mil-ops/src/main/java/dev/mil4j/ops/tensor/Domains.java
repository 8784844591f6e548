package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;

/** The dtype domains the tensor ops share, per opset. */
final class Domains {
    /** fp16, fp32, int32, bool: the iOS15 domain of most data-movement ops. */
    static final DType[] IOS15_DATA = {DType.FP16, DType.FP32, DType.INT32, DType.BOOL};
    /** The iOS17 data-movement domain: adds the 8- and 16-bit integers. */
    static final DType[] IOS17_DATA = {DType.FP16, DType.FP32, DType.INT8, DType.INT16, DType.INT32,
        DType.UINT8, DType.UINT16, DType.BOOL};
    /** fp16, fp32, int32: numbers only. */
    static final DType[] IOS15_NUMERIC = {DType.FP16, DType.FP32, DType.INT32};
    /** fp16, fp32. */
    static final DType[] FLOATS = {DType.FP16, DType.FP32};
    /** int8, int16, int32: iOS17 index and shape inputs. */
    static final DType[] IOS17_INDEX = {DType.INT8, DType.INT16, DType.INT32};

    private Domains() {
    }

    /** The data-movement domain of an op version: {@link #IOS15_DATA} before iOS17, {@link #IOS17_DATA} from it. */
    static DType[] data(Opset since) {
        return since.compareTo(Opset.IOS17) >= 0 ? IOS17_DATA : IOS15_DATA;
    }
}
