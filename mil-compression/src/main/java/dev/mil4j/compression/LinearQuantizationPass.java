package dev.mil4j.compression;

import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
    boolean joint() {
        return options.joint();
    }

    @Override
    Outcome compress(String name, TensorValue weight, Opset opset) {
        boolean ios18 = opset.compareTo(Opset.IOS18) >= 0;
        DType dtype = options.dtype();
        if (!ios18 && (dtype.isSubByte() || options.granularity() == QuantizationOptions.Granularity.PER_BLOCK)) {
            return Outcome.skip(dtype + " " + options.granularity().name().toLowerCase().replace('_', '-')
                    + " quantization needs iOS18 (convert with --target iOS18)");
        }
        long[] dims = weight.shape().toLongArray();
        if (options.granularity() == QuantizationOptions.Granularity.PER_BLOCK
                && (dims.length < 2 || dims[1] % options.blockSize() != 0)) {
            return Outcome.skip("axis 1 of " + weight.shape() + " is not divisible by the block size "
                    + options.blockSize());
        }
        Quantized q = new BlockQuantizer(options, weight.dtype(), dims).quantize(Weights.floats(weight));
        TensorValue data = Weights.bytes(dtype, weight.shape(), q.data());
        if (!ios18) {
            Shape params = q.scales().length == 1 ? Shape.scalar() : Shape.of(q.scales().length);
            return Outcome.of(new Compressed("constexpr_affine_dequantize", "_quantized", Map.of(
                    "quantized_data", data,
                    "zero_point", TensorValue.fromLongs(dtype, params, q.zeros()),
                    "scale", Weights.floats(weight.dtype(), params, q.scales()),
                    "axis", TensorValue.scalar(0)), dtype.bitWidth(), q.back()));
        }
        Map<String, TensorValue> inputs = new LinkedHashMap<>();
        inputs.put("data", data);
        putTables(inputs, weight, dims, q);
        return Outcome.of(new Compressed("constexpr_blockwise_shift_scale", "_quantized", inputs, dtype.bitWidth(),
                q.back()));
    }

    // quantizing the dense weight gives the non-zero values the scales of their own: pruned zeros lie inside every
    // range quantization takes ([min(w, 0), max(w, 0)], or up to max |w|)
    @Override
    Outcome compressSparse(String name, SparseWeight weight, Opset opset) {
        TensorValue dense = weight.dense();
        long[] dims = dense.shape().toLongArray();
        if (options.granularity() == QuantizationOptions.Granularity.PER_BLOCK
                && (dims.length < 2 || dims[1] % options.blockSize() != 0)) {
            return Outcome.skip("axis 1 of " + dense.shape() + " is not divisible by the block size "
                    + options.blockSize());
        }
        Quantized q = new BlockQuantizer(options, dense.dtype(), dims).quantize(Weights.floats(dense));
        int[] positions = weight.positions();
        byte[] nonzero = new byte[positions.length];
        for (int k = 0; k < positions.length; k++) {
            nonzero[k] = q.data()[positions[k]];
        }
        Map<String, TensorValue> inputs = new LinkedHashMap<>();
        inputs.put("data_mask", weight.mask());
        inputs.put("nonzero_data", Weights.bytes(options.dtype(), Shape.of(positions.length), nonzero));
        putTables(inputs, dense, dims, q);
        return Outcome.of(new Compressed("constexpr_sparse_blockwise_shift_scale", "_quantized", inputs,
                options.dtype().bitWidth(), q.back()));
    }

    // the iOS18 scale (and offset, when a zero point is not 0) of the weight's rank
    private void putTables(Map<String, TensorValue> inputs, TensorValue weight, long[] dims, Quantized q) {
        long[] table = new long[dims.length];
        Arrays.fill(table, 1);
        if (q.scales().length > 1) {
            table[0] = dims[0];
        }
        if (options.granularity() == QuantizationOptions.Granularity.PER_BLOCK) {
            table[1] = dims[1] / options.blockSize();
        }
        Shape tableShape = Shape.of(table);
        inputs.put("scale", Weights.floats(weight.dtype(), tableShape, q.scales()));
        if (Arrays.stream(q.zeros()).anyMatch(z -> z != 0)) {
            inputs.put("offset", TensorValue.fromLongs(options.dtype(), tableShape, q.zeros()));
        }
    }
}
