package dev.mil4j.compression;

import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.constexpr.PackedBits;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code compression::palettize}: each selected weight becomes indices into a lookup table of {@code 2^bits}
 * values ({@code constexpr_lut_to_dense}: packed uint8 indices before iOS18, uint{@code bits} indices of the
 * weight's shape and per-group tables from iOS18). The table comes from {@link KMeans1d} (k-means), evenly spaced
 * values (uniform) or the distinct values (unique); each element takes its nearest entry.
 *
 * <pre>
 * Given:
 *   %w: fp16[256, 256] = const() {val = ...}
 * Result (iOS16, 4 bits):
 *   %w_palettized: fp16[256, 256] = constexpr_lut_to_dense(indices = %i: uint8[32768], lut = %l: fp16[16],
 *       shape = %s: uint32[2])
 * </pre>
 */
public final class PalettizationPass extends CompressionPass {
    public static final String ID = "compression::palettize";
    private static final int CHUNK = 1 << 16;

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
        int k = 1 << bits;
        Map<String, TensorValue> inputs = new LinkedHashMap<>();
        if (opset.compareTo(Opset.IOS18) < 0) {
            ByteBuffer packed = PackedBits.pack(ByteBuffer.wrap(p.indices()), bits);
            inputs.put("indices", TensorValue.wrap(DType.UINT8, Shape.of(packed.remaining()), packed));
            inputs.put("lut", Weights.floats(weight.dtype(), Shape.of(k), p.luts()));
            inputs.put("shape", Weights.shape(weight.shape()));
        } else {
            inputs.put("indices", Weights.bytes(indexType(bits), weight.shape(), p.indices()));
            inputs.put("lut", lut(weight, groups, p.luts()));
        }
        if (scales == null) {
            return Outcome.of(new Compressed("constexpr_lut_to_dense", "_palettized", inputs, bits, p.back()));
        }
        return Outcome.of(new Compressed("constexpr_lut_to_dense", "_palettized", inputs, bits,
                scales.restore(p.back()), scales.table()));
    }

    @Override
    Outcome compressSparse(String name, SparseWeight weight, Opset opset) {
        TensorValue dense = weight.dense();
        String refused = refusal(dense, opset);
        if (refused != null) {
            return Outcome.skip(refused);
        }
        if (options.perChannelScale()) {
            return Outcome.skip("per-channel scales of palettes are not made with joint compression");
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
        Palettes p = palettize(weight.nonzero(), bounds, importance);
        if (p == null) {
            return uniqueRefusal();
        }
        float[] back = new float[Math.toIntExact(dense.elementCount())];
        for (int k = 0; k < positions.length; k++) {
            back[positions[k]] = p.back()[k];
        }
        Map<String, TensorValue> inputs = new LinkedHashMap<>();
        inputs.put("indices_mask", weight.mask());
        inputs.put("indices_nonzero_data", Weights.bytes(indexType(options.bits()), weight.nonzero().shape(),
                p.indices()));
        inputs.put("lut", lut(dense, groups, p.luts()));
        return Outcome.of(new Compressed("constexpr_lut_to_sparse", "_palettized", inputs, options.bits(), back));
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
        if (opset.compareTo(Opset.IOS18) < 0 && (options.bits() == 3 || options.groupSize() > 0)) {
            return (options.bits() == 3 ? "3-bit" : "per-grouped-channel")
                    + " palettization needs iOS18 (convert with --target iOS18)";
        }
        long channels = weight.shape().toLongArray()[0];
        if (options.groupSize() > 0 && channels % options.groupSize() != 0) {
            return channels + " output channels are not divisible by the group size " + options.groupSize();
        }
        return null;
    }

    private Outcome uniqueRefusal() {
        return Outcome.skip("has more than " + (1 << options.bits())
                + " distinct values for unique-value palettization");
    }

    private int groups(TensorValue weight) {
        return options.groupSize() > 0 ? (int) (weight.shape().toLongArray()[0] / options.groupSize()) : 1;
    }

    // the iOS18 table: [groups, 1.., 2^bits, 1]
    private TensorValue lut(TensorValue weight, int groups, float[] luts) {
        long[] table = new long[weight.shape().rank() + 2];
        Arrays.fill(table, 1);
        table[0] = groups;
        table[weight.shape().rank()] = 1L << options.bits();
        return Weights.floats(weight.dtype(), Shape.of(table), luts);
    }

    /**
     * The tables, indices and reconstructed values of palettized values.
     *
     * @param luts the tables, one after the other, each ascending and of {@code 2^bits} entries
     * @param indices each value's entry
     * @param back each value's entry's value
     */
    private record Palettes(float[] luts, byte[] indices, float[] back) {
    }

    /**
     * Palettizes the elements of {@code values}, a table per run {@code [bounds[g], bounds[g + 1])}, each element
     * weighing its {@code importance} in k-means (null: alike).
     *
     * @return the palettes, or null when unique-value palettization finds too many values
     */
    private Palettes palettize(TensorValue values, int[] bounds, float[] importance) {
        int groups = bounds.length - 1;
        int k = 1 << options.bits();
        float[] w = Weights.floats(values);
        short[] half = values.dtype() == DType.FP16 ? Weights.halfBits(values) : null;
        float[] flatLut = new float[groups * k];
        byte[] indices = new byte[w.length];
        float[] back = new float[w.length];
        for (int g = 0; g < groups; g++) {
            int from = bounds[g];
            int to = bounds[g + 1];
            if (from == to) {
                continue; // a group pruned away entirely keeps a table of zeros
            }
            float[] part = groups == 1 ? w : Arrays.copyOfRange(w, from, to);
            KMeans1d.Histogram histogram = half != null
                    ? KMeans1d.Histogram.ofHalfBits(half, from, to, importance, 0)
                    : options.mode() == PalettizationOptions.Mode.KMEANS ? KMeans1d.Histogram.of(part,
                            importance == null ? null : Arrays.copyOfRange(importance, from, to)) : null;
            float[] found = table(part, k, histogram);
            if (found == null) {
                return null;
            }
            for (int j = 0; j < found.length; j++) {
                found[j] = Weights.round(values.dtype(), found[j]);
            }
            Arrays.sort(found);
            float[] lut = Arrays.copyOf(found, k);
            Arrays.fill(lut, found.length, k, found[found.length - 1]);
            System.arraycopy(lut, 0, flatLut, g * k, k);
            if (half != null) {
                // fp16: the nearest entry once per distinct value, then a table lookup per element
                byte[] index = new byte[1 << 16];
                for (int u = 0; u < histogram.values().length; u++) {
                    index[histogram.patterns()[u] & 0xffff] = (byte) nearest(lut, histogram.values()[u]);
                }
                IntStream.range(0, (to - from + CHUNK - 1) / CHUNK).parallel().forEach(c -> {
                    for (int i = from + c * CHUNK, end = Math.min(to, from + (c + 1) * CHUNK); i < end; i++) {
                        byte j = index[half[i] & 0xffff];
                        indices[i] = j;
                        back[i] = lut[j & 0xff];
                    }
                });
            } else {
                for (int i = from; i < to; i++) {
                    int j = nearest(lut, w[i]);
                    indices[i] = (byte) j;
                    back[i] = lut[j];
                }
            }
        }
        return new Palettes(flatLut, indices, back);
    }

    // the histogram is the k-means one (of fp16 values, weighted by importance when given)
    private float[] table(float[] w, int k, KMeans1d.Histogram histogram) {
        switch (options.mode()) {
            case UNIFORM -> {
                float lo = Float.POSITIVE_INFINITY;
                float hi = Float.NEGATIVE_INFINITY;
                for (float v : w) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                float[] lut = new float[k];
                for (int j = 0; j < k; j++) {
                    lut[j] = (float) (lo + (hi - (double) lo) * j / (k - 1));
                }
                return lut;
            }
            case UNIQUE -> {
                double[] d = IntStream.range(0, w.length).mapToDouble(i -> w[i]).distinct().limit(k + 1L).toArray();
                if (d.length > k) {
                    return null;
                }
                float[] lut = new float[d.length];
                for (int j = 0; j < d.length; j++) {
                    lut[j] = (float) d[j];
                }
                return lut;
            }
            default -> {
                return KMeans1d.centroids(histogram, k);
            }
        }
    }

    // the index of the entry of the ascending table nearest to v (the lower one on a tie)
    private static int nearest(float[] lut, float v) {
        int lo = 0;
        int hi = lut.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v > (lut[mid] + lut[mid + 1]) / 2) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
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
