package dev.mil4j.compression;

import dev.mil4j.core.types.DType;
import java.util.Objects;

/**
 * Options of {@code compression::linear_quantize}.
 *
 * @param dtype int8 or uint8; int4 or uint4 from iOS18
 * @param symmetric symmetric (zero point at the middle of the range, {@code [-127, 127]} for int8) or affine (the
 *     whole range, with a zero point per scale)
 * @param granularity one scale per tensor, per output channel (axis 0), or per block of {@code blockSize} input
 *     elements (axis 1) of each output channel (iOS18)
 * @param blockSize the block size of {@link Granularity#PER_BLOCK}
 * @param selection which weights
 * @param joint also quantize the non-zero values of weights pruned before (iOS18
 *     {@code constexpr_sparse_to_dense} over const inputs) into {@code constexpr_sparse_blockwise_shift_scale}, as
 *     coremltools' {@code joint_compression=True}; without it such weights are left alone
 */
public record QuantizationOptions(DType dtype, boolean symmetric, Granularity granularity, int blockSize,
        WeightSelection selection, boolean joint) implements WeightCompression {
    /** How many weights share a scale. */
    public enum Granularity { PER_TENSOR, PER_CHANNEL, PER_BLOCK }

    public QuantizationOptions {
        Objects.requireNonNull(selection, "selection is null");
        if (dtype != DType.INT8 && dtype != DType.UINT8 && dtype != DType.INT4 && dtype != DType.UINT4) {
            throw new IllegalArgumentException("quantization takes int8, uint8, int4 or uint4, not " + dtype);
        }
        if (granularity == Granularity.PER_BLOCK && blockSize < 1) {
            throw new IllegalArgumentException("per-block quantization needs a block size of at least 1, got "
                    + blockSize);
        }
    }

    /** Options without joint compression. */
    public QuantizationOptions(DType dtype, boolean symmetric, Granularity granularity, int blockSize,
            WeightSelection selection) {
        this(dtype, symmetric, granularity, blockSize, selection, false);
    }

    /** @return these options with joint compression on or off */
    public QuantizationOptions withJoint(boolean on) {
        return new QuantizationOptions(dtype, symmetric, granularity, blockSize, selection, on);
    }

    @Override
    public CompressionPass pass() {
        return new LinearQuantizationPass(this);
    }

    /** @return the smallest quantized value */
    long qmin() {
        return symmetric && !dtype.isUnsigned() ? dtype.minValue() + 1 : dtype.minValue();
    }

    /** @return the largest quantized value */
    long qmax() {
        return symmetric && dtype.isUnsigned() ? dtype.maxValue() - 1 : dtype.maxValue();
    }
}
