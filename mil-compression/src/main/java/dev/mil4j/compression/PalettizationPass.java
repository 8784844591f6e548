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
    Outcome compress(TensorValue weight, Opset opset) {
        boolean ios18 = opset.compareTo(Opset.IOS18) >= 0;
        int bits = options.bits();
        if (!ios18 && (bits == 3 || options.groupSize() > 0)) {
            return Outcome.skip((bits == 3 ? "3-bit" : "per-grouped-channel")
                    + " palettization needs iOS18 (convert with --target iOS18)");
        }
        long[] dims = weight.shape().toLongArray();
        int groups = 1;
        if (options.groupSize() > 0) {
            if (dims[0] % options.groupSize() != 0) {
                return Outcome.skip(dims[0] + " output channels are not divisible by the group size "
                        + options.groupSize());
            }
            groups = (int) (dims[0] / options.groupSize());
        }
        int k = 1 << bits;
        float[] w = Weights.floats(weight);
        short[] half = weight.dtype() == DType.FP16 ? Weights.halfBits(weight) : null;
        int perGroup = w.length / groups;
        float[][] luts = new float[groups][];
        KMeans1d.Histogram[] histograms = new KMeans1d.Histogram[groups];
        for (int g = 0; g < groups; g++) {
            float[] part = groups == 1 ? w : Arrays.copyOfRange(w, g * perGroup, (g + 1) * perGroup);
            if (half != null) {
                histograms[g] = KMeans1d.Histogram.ofHalfBits(half, g * perGroup, (g + 1) * perGroup);
            }
            float[] lut = table(part, k, histograms[g]);
            if (lut == null) {
                return Outcome.skip("has more than " + k + " distinct values for unique-value palettization");
            }
            for (int j = 0; j < lut.length; j++) {
                lut[j] = Weights.round(weight.dtype(), lut[j]);
            }
            Arrays.sort(lut);
            luts[g] = Arrays.copyOf(lut, k);
            Arrays.fill(luts[g], lut.length, k, lut[lut.length - 1]);
        }
        byte[] indices = new byte[w.length];
        float[] back = new float[w.length];
        for (int g = 0; g < groups; g++) {
            float[] lut = luts[g];
            int from = g * perGroup;
            if (half != null) {
                // fp16: the nearest entry once per distinct value, then a table lookup per element
                byte[] index = new byte[1 << 16];
                for (int u = 0; u < histograms[g].values().length; u++) {
                    index[histograms[g].patterns()[u] & 0xffff] = (byte) nearest(lut, histograms[g].values()[u]);
                }
                IntStream.range(0, (perGroup + CHUNK - 1) / CHUNK).parallel().forEach(c -> {
                    for (int i = from + c * CHUNK, end = Math.min(from + perGroup, from + (c + 1) * CHUNK); i < end;
                            i++) {
                        byte j = index[half[i] & 0xffff];
                        indices[i] = j;
                        back[i] = lut[j & 0xff];
                    }
                });
            } else {
                for (int i = from; i < from + perGroup; i++) {
                    int j = nearest(lut, w[i]);
                    indices[i] = (byte) j;
                    back[i] = lut[j];
                }
            }
        }
        float[] flatLut = new float[groups * k];
        for (int g = 0; g < groups; g++) {
            System.arraycopy(luts[g], 0, flatLut, g * k, k);
        }
        Map<String, TensorValue> inputs = new LinkedHashMap<>();
        if (!ios18) {
            ByteBuffer packed = PackedBits.pack(ByteBuffer.wrap(indices), bits);
            inputs.put("indices", TensorValue.wrap(DType.UINT8, Shape.of(packed.remaining()), packed));
            inputs.put("lut", Weights.floats(weight.dtype(), Shape.of(k), flatLut));
            inputs.put("shape", Weights.shape(weight.shape()));
        } else {
            long[] table = new long[dims.length + 2];
            Arrays.fill(table, 1);
            table[0] = groups;
            table[dims.length] = k;
            inputs.put("indices", Weights.bytes(indexType(bits), weight.shape(), indices));
            inputs.put("lut", Weights.floats(weight.dtype(), Shape.of(table), flatLut));
        }
        return Outcome.of(new Compressed("constexpr_lut_to_dense", "_palettized", inputs, bits, back));
    }

    private float[] table(float[] w, int k, KMeans1d.Histogram fp16Histogram) {
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
                return KMeans1d.centroids(fp16Histogram != null ? fp16Histogram : KMeans1d.Histogram.of(w), k);
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
