package dev.mil4j.compression;

import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.Map;

/**
 * {@code compression::linear_quantize}: each selected weight becomes {@code (q - zero_point) * scale} with integer
 * {@code q}: {@code constexpr_affine_dequantize} before iOS18 (8 bits, per tensor or per channel along axis 0),
 * {@code constexpr_blockwise_shift_scale} from iOS18 (also 4 bits and per block along axis 1; the offset is left
 * out when every zero point is 0). Symmetric mode takes {@code scale = max|w| / qmax}; affine mode maps
 * {@code [min(w, 0), max(w, 0)]} onto the whole range. {@code q = clamp(rint(w / scale) + zero_point)}, every
 * step rounded to the weight's dtype (fp16 weights are computed on in fp16, as coremltools does, so the bytes match
 * coremltools').
 *
 * <pre>
 * Given:
 *   %w: fp16[256, 256] = const() {val = ...}
 * Result (iOS16, int8 symmetric per channel):
 *   %w_quantized: fp16[256, 256] = constexpr_affine_dequantize(quantized_data = %q: int8[256, 256],
 *       zero_point = %z: int8[256], scale = %s: fp16[256], axis = 0)
 * </pre>
 */
public final class LinearQuantizationPass extends CompressionPass {
    public static final String ID = "compression::linear_quantize";

    private final QuantizationOptions options;

    public LinearQuantizationPass(QuantizationOptions options) {
        super(options.selection());
        this.options = options;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "quantize weights linearly to 8 or 4 bits";
    }

    @Override
    Outcome compress(TensorValue weight, Opset opset) {
        boolean ios18 = opset.compareTo(Opset.IOS18) >= 0;
        DType dtype = options.dtype();
        if (!ios18 && (dtype.isSubByte() || options.granularity() == QuantizationOptions.Granularity.PER_BLOCK)) {
            return Outcome.skip(dtype + " " + options.granularity().name().toLowerCase().replace('_', '-')
                    + " quantization needs iOS18 (convert with --target iOS18)");
        }
        long[] dims = weight.shape().toLongArray();
        int channels = (int) dims[0];
        int inner = (int) (weight.elementCount() / channels);
        int blocks;
        int groupLength;
        switch (options.granularity()) {
            case PER_TENSOR -> {
                blocks = 1;
                groupLength = (int) weight.elementCount();
            }
            case PER_CHANNEL -> {
                blocks = channels;
                groupLength = inner;
            }
            default -> {
                if (dims.length < 2 || dims[1] % options.blockSize() != 0) {
                    return Outcome.skip("axis 1 of " + weight.shape() + " is not divisible by the block size "
                            + options.blockSize());
                }
                blocks = (int) (channels * (dims[1] / options.blockSize()));
                groupLength = options.blockSize();
            }
        }
        // a block of the per-block layout is contiguous only when axis 1 is the last axis; otherwise use strides
        int stride = options.granularity() == QuantizationOptions.Granularity.PER_BLOCK && dims.length > 2
                ? (int) (inner / dims[1]) : 1;
        float[] w = Weights.floats(weight);
        float[] scales = new float[blocks];
        long[] zeros = new long[blocks];
        byte[] q = new byte[w.length];
        float[] back = new float[w.length];
        long qmin = options.qmin();
        long qmax = options.qmax();
        boolean anyZero = false;
        for (int blk = 0; blk < blocks; blk++) {
            int[] idx = indices(blk, groupLength, stride, dims);
            float lo = 0;
            float hi = 0;
            for (int i : idx) {
                lo = Math.min(lo, w[i]);
                hi = Math.max(hi, w[i]);
            }
            // arithmetic in the weight's precision, as coremltools computes on the fp16 arrays it reads
            DType f = weight.dtype();
            float scale;
            long zero;
            if (options.symmetric()) {
                float max = Math.max(-lo, hi);
                scale = Weights.round(f, (float) (max / ((qmax - qmin) / 2.0)));
                zero = (qmax + qmin) / 2;
            } else {
                scale = Weights.round(f, Weights.round(f, hi - lo) / (qmax - qmin));
                zero = scale == 0 ? 0 : clamp((long) Math.rint(Weights.round(f, qmin - lo / scale)), qmin, qmax);
            }
            scale = scale == 0 ? 1 : scale;
            scales[blk] = scale;
            zeros[blk] = zero;
            anyZero |= zero != 0;
            for (int i : idx) {
                long v = clamp((long) Math.rint(Weights.round(f, w[i] / scale)) + zero, qmin, qmax);
                q[i] = (byte) v;
                back[i] = Weights.round(weight.dtype(), (v - zero) * scale);
            }
        }
        Shape shape = weight.shape();
        TensorValue data = Weights.bytes(dtype, shape, q);
        if (!ios18) {
            boolean perTensor = blocks == 1;
            Shape params = perTensor ? Shape.scalar() : Shape.of(blocks);
            return Outcome.of(new Compressed("constexpr_affine_dequantize", "_quantized", Map.of(
                    "quantized_data", data,
                    "zero_point", TensorValue.fromLongs(dtype, params, zeros),
                    "scale", Weights.floats(weight.dtype(), params, scales),
                    "axis", TensorValue.scalar(0)), dtype.bitWidth(), back));
        }
        long[] table = new long[dims.length];
        java.util.Arrays.fill(table, 1);
        if (blocks > 1) {
            table[0] = channels;
        }
        if (options.granularity() == QuantizationOptions.Granularity.PER_BLOCK) {
            table[1] = dims[1] / options.blockSize();
        }
        Shape tableShape = Shape.of(table);
        var inputs = new java.util.LinkedHashMap<String, TensorValue>();
        inputs.put("data", data);
        inputs.put("scale", Weights.floats(weight.dtype(), tableShape, scales));
        if (anyZero) {
            inputs.put("offset", TensorValue.fromLongs(dtype, tableShape, zeros));
        }
        return Outcome.of(new Compressed("constexpr_blockwise_shift_scale", "_quantized", inputs, dtype.bitWidth(),
                back));
    }

    // the flat indices of block `blk`: a run of `length` elements, or for per-block blocks along axis 1 of a weight
    // of rank > 2, `length` elements `stride` apart
    private static int[] indices(int blk, int length, int stride, long[] dims) {
        if (stride == 1) {
            int[] out = new int[length];
            for (int i = 0; i < length; i++) {
                out[i] = blk * length + i;
            }
            return out;
        }
        int perChannel = (int) (dims[1] / length);
        int channel = blk / perChannel;
        int first = (blk % perChannel) * length;
        int inner = (int) (dims[1] * stride);
        // a block spans `length` positions of axis 1 and, with them, every trailing element
        int[] wide = new int[length * stride];
        for (int i = 0; i < length; i++) {
            for (int j = 0; j < stride; j++) {
                wide[i * stride + j] = channel * inner + (first + i) * stride + j;
            }
        }
        return wide;
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
