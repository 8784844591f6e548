package dev.mil4j.compression;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.constexpr.PackedBits;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code compression::palettize}: each selected weight becomes indices into a lookup table of {@code 2^bits}
 * values ({@code constexpr_lut_to_dense}: packed uint8 indices before iOS18, uint{@code bits} indices of the
 * weight's shape and per-group tables from iOS18). Scalar tables come from {@link ScalarPalettizer}, vector tables
 * ({@code clusterDim > 1}, iOS18) from {@link VectorPalettizer}. Quantized tables ({@code lutDtype}, iOS18) are
 * stored as int8 or uint8 and dequantized by a {@code constexpr_blockwise_shift_scale} feeding the lookup, as
 * coremltools arranges a quantized lookup table.
 *
 * <pre>
 * Given:
 *   %w: fp16[256, 256] = const() {val = ...}
 * Result (iOS16, 4 bits):
 *   %w_palettized: fp16[256, 256] = constexpr_lut_to_dense(indices = %i: uint8[32768], lut = %l: fp16[16],
 *       shape = %s: uint32[2])
 * Result (iOS18, 4 bits, vectors of 2, int8 table):
 *   %w_palettized_lut: fp16[1, 1, 16, 2] = constexpr_blockwise_shift_scale(data = %d: int8[1, 1, 16, 2],
 *       scale = %s: fp16[1, 1, 1, 1])
 *   %w_palettized: fp16[256, 256] = constexpr_lut_to_dense(indices = %i: uint4[128, 256],
 *       lut = %w_palettized_lut, vector_axis = 0)
 * </pre>
 */
public final class PalettizationPass extends CompressionPass {
    public static final String ID = "compression::palettize";

    private final PalettizationOptions options;

    public PalettizationPass(PalettizationOptions options) {
        super(options.selection());
        this.options = options;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "palettize weights: indices into lookup tables of 2 to 256 values";
    }

    @Override
    boolean joint() {
        return options.joint();
    }

    @Override
    Outcome compress(String name, TensorValue weight, Opset opset) {
        String refused = refusal(weight, opset);
        if (refused != null) {
            return Outcome.skip(refused);
        }
        if (options.perChannelScale() && opset.compareTo(Opset.IOS18) < 0) {
            return Outcome.skip("per-channel scales of palettes need iOS18 (convert with --target iOS18)");
        }
        ChannelScales scales = options.perChannelScale() ? ChannelScales.of(weight) : null;
        TensorValue values = scales != null ? scales.normalized() : weight;
        int groups = groups(weight);
        int[] bounds = new int[groups + 1];
        for (int g = 0; g <= groups; g++) {
            bounds[g] = (int) (weight.elementCount() / groups * g);
        }
        Palettes p = palettize(values, bounds, importance(name, weight.elementCount()));
        if (p == null) {
            return uniqueRefusal();
        }
        int bits = options.bits();
        Map<String, TensorValue> inputs = new LinkedHashMap<>();
        Map<String, Compressed> computed = new LinkedHashMap<>();
        if (opset.compareTo(Opset.IOS18) < 0) {
            ByteBuffer packed = PackedBits.pack(ByteBuffer.wrap(p.indices()), bits);
            inputs.put("indices", TensorValue.wrap(DType.UINT8, Shape.of(packed.remaining()), packed));
            inputs.put("lut", Weights.floats(weight.dtype(), Shape.of(1L << bits), p.luts()));
            inputs.put("shape", Weights.shape(weight.shape()));
        } else {
            long[] indexShape = weight.shape().toLongArray();
            indexShape[0] /= options.clusterDim();
            inputs.put("indices", Weights.bytes(indexType(bits), Shape.of(indexShape), p.indices()));
            putLut(inputs, computed, weight, groups, p);
        }
        float[] back = scales == null ? p.back() : scales.restore(p.back());
        return Outcome.of(new Compressed("constexpr_lut_to_dense", "_palettized", inputs, computed, bits, back,
                scales == null ? null : scales.table()));
    }

    @Override
    Outcome compressSparse(String name, SparseWeight weight, Opset opset) {
        TensorValue dense = weight.dense();
        String refused = refusal(dense, opset);
        if (refused != null) {
            return Outcome.skip(refused);
        }
        if (options.clusterDim() > 1) {
            return Outcome.skip("vector palettes are not made with joint compression");
        }
        int groups = groups(dense);
        // a group of output channels is a run of dense positions, so its non-zero values are a run too
        int[] positions = weight.positions();
        int[] bounds = new int[groups + 1];
        long perGroup = dense.elementCount() / groups;
        for (int g = 1, k = 0; g <= groups; g++) {
            while (k < positions.length && positions[k] < perGroup * g) {
                k++;
            }
            bounds[g] = k;
        }
        float[] denseImportance = importance(name, dense.elementCount());
        float[] importance = null;
        if (denseImportance != null) {
            importance = new float[positions.length];
            for (int k = 0; k < positions.length; k++) {
                importance[k] = denseImportance[positions[k]];
            }
        }
        ChannelScales scales = options.perChannelScale() ? ChannelScales.of(dense) : null;
        TensorValue nonzero = weight.nonzero();
        if (scales != null) {
            float[] normalized = Weights.floats(scales.normalized());
            float[] kept = new float[positions.length];
            for (int k = 0; k < positions.length; k++) {
                kept[k] = normalized[positions[k]];
            }
            nonzero = Weights.floats(dense.dtype(), nonzero.shape(), kept);
        }
        Palettes p = palettize(nonzero, bounds, importance);
        if (p == null) {
            return uniqueRefusal();
        }
        float[] back = new float[Math.toIntExact(dense.elementCount())];
        for (int k = 0; k < positions.length; k++) {
            back[positions[k]] = p.back()[k];
        }
        Map<String, TensorValue> inputs = new LinkedHashMap<>();
        Map<String, Compressed> computed = new LinkedHashMap<>();
        inputs.put("indices_mask", weight.mask());
        inputs.put("indices_nonzero_data", Weights.bytes(indexType(options.bits()), nonzero.shape(), p.indices()));
        putLut(inputs, computed, dense, groups, p);
        return Outcome.of(new Compressed("constexpr_lut_to_sparse", "_palettized", inputs, computed,
                options.bits(), scales == null ? back : scales.restore(back), scales == null ? null : scales.table()));
    }

    // the checked importances of a weight's elements, or null
    private float[] importance(String name, long elements) {
        if (options.importance() == null) {
            return null;
        }
        float[] w = options.importance().of(name).orElse(null);
        if (w == null) {
            return null;
        }
        if (w.length != elements) {
            throw new IllegalArgumentException("the importance of weight `" + name + "` has " + w.length
                    + " values for its " + elements + " elements");
        }
        boolean any = false;
        for (float v : w) {
            if (!(v >= 0) || Float.isInfinite(v)) {
                throw new IllegalArgumentException("the importance of weight `" + name + "` holds " + v
                        + "; importances are finite and not negative");
            }
            any |= v > 0;
        }
        if (!any) {
            throw new IllegalArgumentException("the importance of weight `" + name + "` is zero everywhere");
        }
        return w;
    }

    private String refusal(TensorValue weight, Opset opset) {
        int dim = options.clusterDim();
        if (opset.compareTo(Opset.IOS18) < 0) {
            if (options.bits() == 3 || options.groupSize() > 0) {
                return (options.bits() == 3 ? "3-bit" : "per-grouped-channel")
                        + " palettization needs iOS18 (convert with --target iOS18)";
            }
            if (dim > 1 || options.lutDtype() != null) {
                return (dim > 1 ? "vector palettes (cluster dimension " + dim + ")" : "quantized lookup tables")
                        + " need iOS18 (convert with --target iOS18)";
            }
        }
        long channels = weight.shape().toLongArray()[0];
        if (options.groupSize() > 0 && channels % options.groupSize() != 0) {
            return channels + " output channels are not divisible by the group size " + options.groupSize();
        }
        if (channels % dim != 0) {
            return channels + " output channels are not divisible by the cluster dimension " + dim;
        }
        if (options.groupSize() % dim != 0) {
            return "the group size " + options.groupSize() + " is not divisible by the cluster dimension " + dim;
        }
        return null;
    }

    // as coremltools: a vector must not straddle two groups of a grouped conv's output channels
    @Override
    String refusal(Operation producer) {
        int dim = options.clusterDim();
        if (dim == 1) {
            return null;
        }
        long channels = producer.output().tensorType().shape().toLongArray()[0];
        for (Operation user : producer.output().users()) {
            if (!user.type().equals("conv") && !user.type().equals("conv_transpose")) {
                continue;
            }
            long groups = user.input("groups").flatMap(Var::value).map(v -> v.getLong(0)).orElse(1L);
            if (groups > 1 && (channels / groups) % dim != 0) {
                return "each of the " + groups + " groups of " + user.type() + " `" + user.name() + "` has "
                        + channels / groups + " output channels, not divisible by the cluster dimension " + dim;
            }
        }
        return null;
    }

    private Outcome uniqueRefusal() {
        return Outcome.skip("has more than " + (1 << options.bits()) + " distinct "
                + (options.clusterDim() > 1 ? "vectors" : "values") + " for unique-value palettization");
    }

    private int groups(TensorValue weight) {
        return options.groupSize() > 0 ? (int) (weight.shape().toLongArray()[0] / options.groupSize()) : 1;
    }

    /**
     * Palettizes {@code values} (a weight, or the non-zero values of a pruned one), a table per run
     * {@code [bounds[g], bounds[g + 1])}; vector palettes take the runs of equal numbers of output channels.
     */
    private Palettes palettize(TensorValue values, int[] bounds, float[] importance) {
        int groups = bounds.length - 1;
        int dim = options.clusterDim();
        TableQuantizer tables = options.lutDtype() == null ? null
                : new TableQuantizer(options.lutDtype(), values.dtype(), groups, (1 << options.bits()) * dim);
        if (dim == 1) {
            return new ScalarPalettizer(options.mode(), options.bits()).palettize(values, bounds, importance, tables);
        }
        return new VectorPalettizer(options.mode(), options.bits(), dim).palettize(Weights.floats(values),
                values.dtype(), (int) values.shape().toLongArray()[0], groups, importance, tables);
    }

    // the iOS18 table [groups, 1.., 2^bits, clusterDim] (and vector_axis): of the weight's dtype, or quantized and
    // computed by a constexpr_blockwise_shift_scale
    private void putLut(Map<String, TensorValue> inputs, Map<String, Compressed> computed, TensorValue weight,
            int groups, Palettes p) {
        int rank = weight.shape().rank();
        long[] table = new long[rank + 2];
        Arrays.fill(table, 1);
        table[0] = groups;
        table[rank] = 1L << options.bits();
        table[rank + 1] = options.clusterDim();
        Quantized q = p.quantizedLuts();
        if (q == null) {
            inputs.put("lut", Weights.floats(weight.dtype(), Shape.of(table), p.luts()));
        } else {
            long[] scale = new long[rank + 2];
            Arrays.fill(scale, 1);
            scale[0] = groups;
            Map<String, TensorValue> quantized = new LinkedHashMap<>();
            quantized.put("data", Weights.bytes(options.lutDtype(), Shape.of(table), q.data()));
            quantized.put("scale", Weights.floats(weight.dtype(), Shape.of(scale), q.scales()));
            if (Arrays.stream(q.zeros()).anyMatch(z -> z != 0)) {
                quantized.put("offset", TensorValue.fromLongs(options.lutDtype(), Shape.of(scale), q.zeros()));
            }
            computed.put("lut", new Compressed("constexpr_blockwise_shift_scale", "", quantized, 8, p.luts()));
        }
        if (options.clusterDim() > 1) {
            inputs.put("vector_axis", TensorValue.scalar(0));
        }
    }

    private static DType indexType(int bits) {
        return switch (bits) {
            case 1 -> DType.UINT1;
            case 2 -> DType.UINT2;
            case 3 -> DType.UINT3;
            case 4 -> DType.UINT4;
            case 6 -> DType.UINT6;
            default -> DType.UINT8;
        };
    }
}
