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

/**
 * {@code compression::prune}: each selected weight becomes its non-zero elements and a bit mask
 * ({@code constexpr_sparse_to_dense}: a packed uint8 mask and a shape before iOS18, a uint1 mask of the weight's
 * shape from iOS18). Which elements become zero: see {@link PruningOptions}.
 *
 * <pre>
 * Given:
 *   %w: fp16[256, 256] = const() {val = ...}
 * Result (iOS16, 75 %):
 *   %w_sparsified: fp16[256, 256] = constexpr_sparse_to_dense(nonzero_data = %d: fp16[16384],
 *       mask = %m: uint8[8192], shape = %s: uint32[2])
 * </pre>
 */
public final class PruningPass extends CompressionPass {
    public static final String ID = "compression::prune";

    private final PruningOptions options;

    public PruningPass(PruningOptions options) {
        super(options.selection());
        this.options = options;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "prune weights to non-zero values and a bit mask";
    }

    @Override
    Outcome compress(String name, TensorValue weight, Opset opset) {
        float[] w = Weights.floats(weight);
        boolean[] zero = zeros(w, weight.shape().toLongArray());
        int nonzero = 0;
        for (boolean z : zero) {
            nonzero += z ? 0 : 1;
        }
        double sparsity = 1 - nonzero / (double) w.length;
        if (!Double.isNaN(options.threshold()) && sparsity < options.minSparsity()) {
            return Outcome.skip(String.format("sparsity %.4f at threshold %s is below the minimum %s", sparsity,
                    options.threshold(), options.minSparsity()));
        }
        float[] data = new float[nonzero];
        byte[] mask = new byte[w.length];
        float[] back = new float[w.length];
        for (int i = 0, k = 0; i < w.length; i++) {
            if (!zero[i]) {
                data[k++] = w[i];
                mask[i] = 1;
                back[i] = w[i];
            }
        }
        Map<String, TensorValue> inputs = new LinkedHashMap<>();
        inputs.put("nonzero_data", Weights.floats(weight.dtype(), Shape.of(nonzero), data));
        if (opset.compareTo(Opset.IOS18) < 0) {
            ByteBuffer packed = PackedBits.pack(ByteBuffer.wrap(mask), 1);
            inputs.put("mask", TensorValue.wrap(DType.UINT8, Shape.of(packed.remaining()), packed));
            inputs.put("shape", Weights.shape(weight.shape()));
        } else {
            inputs.put("mask", Weights.bytes(DType.UINT1, weight.shape(), mask));
        }
        return Outcome.of(new Compressed("constexpr_sparse_to_dense", "_sparsified", inputs, 1, back));
    }

    private boolean[] zeros(float[] w, long[] dims) {
        boolean[] zero = new boolean[w.length];
        if (!Double.isNaN(options.threshold())) {
            for (int i = 0; i < w.length; i++) {
                zero[i] = Math.abs(w[i]) <= options.threshold();
            }
        } else if (options.m() > 0) {
            int m = options.m();
            int last = (int) dims[dims.length - 1];
            for (int start = 0; start + m <= w.length; start += m) {
                if ((start % last) + m > last) {
                    continue; // a block must not straddle rows
                }
                zeroSmallest(w, zero, start, m, options.n());
            }
        } else if (options.sparsity() > 0) {
            float t = quantile(w, options.sparsity());
            for (int i = 0; i < w.length; i++) {
                zero[i] = Math.abs(w[i]) <= t;
            }
        }
        return zero;
    }

    // the q-quantile of the magnitudes, interpolated linearly between order statistics (numpy's default); every
    // magnitude at or below it is zeroed, so ties at the threshold go together, as in coremltools
    private static float quantile(float[] w, double q) {
        float[] a = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            a[i] = Math.abs(w[i]);
        }
        Arrays.parallelSort(a);
        double position = q * (a.length - 1);
        int lo = (int) Math.floor(position);
        int hi = Math.min(a.length - 1, lo + 1);
        return (float) (a[lo] + (a[hi] - (double) a[lo]) * (position - lo));
    }

    // zeroes the `count` smallest magnitudes of w[from, from + length), the earlier element first on a tie
    private static void zeroSmallest(float[] w, boolean[] zero, int from, int length, int count) {
        long[] keys = new long[length];
        for (int i = 0; i < length; i++) {
            // magnitude bits order like the magnitudes; the index breaks ties
            keys[i] = ((long) Float.floatToIntBits(Math.abs(w[from + i])) << 32) | i;
        }
        Arrays.parallelSort(keys);
        for (int j = 0; j < count; j++) {
            zero[from + (int) (keys[j] & 0xffffffffL)] = true;
        }
    }
}
