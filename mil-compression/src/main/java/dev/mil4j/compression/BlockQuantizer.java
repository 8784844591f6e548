package dev.mil4j.compression;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.Fp16;
import java.util.stream.IntStream;

/**
 * The arithmetic of linear quantization, on a weight's elements as floats: one pass for the range of each block
 * and one for the integers, both split by output channel across the cores (each channel's elements are contiguous
 * and hold whole blocks). A weight is seen as {@code [channels, rows, rowLength]}: rows are the positions of axis 1
 * when blocks run along it (per block), else a channel is one row. Every step is rounded to the weight's dtype, as
 * coremltools computes in fp16 on fp16 weights.
 */
final class BlockQuantizer {
    private final QuantizationOptions options;
    private final boolean half;
    private final int channels;
    private final int inner;
    private final int rows;
    private final int rowLength;
    private final int blocksPerChannel;

    BlockQuantizer(QuantizationOptions options, DType dtype, long[] dims) {
        this.options = options;
        this.half = dtype == DType.FP16;
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        channels = (int) dims[0];
        inner = (int) (count / channels);
        boolean perBlock = options.granularity() == QuantizationOptions.Granularity.PER_BLOCK;
        rows = perBlock ? (int) dims[1] : 1;
        rowLength = inner / rows;
        blocksPerChannel = perBlock ? rows / options.blockSize() : 1;
    }

    /** @return the number of scales */
    int blocks() {
        return switch (options.granularity()) {
            case PER_TENSOR -> 1;
            case PER_CHANNEL -> channels;
            case PER_BLOCK -> channels * blocksPerChannel;
        };
    }

    // the range unit of row r of channel c: its block, or for one scale per tensor its channel (reduced after)
    private int unit(int c, int r) {
        return switch (options.granularity()) {
            case PER_TENSOR, PER_CHANNEL -> c;
            case PER_BLOCK -> c * blocksPerChannel + r / options.blockSize();
        };
    }

    private int block(int c, int r) {
        return options.granularity() == QuantizationOptions.Granularity.PER_TENSOR ? 0 : unit(c, r);
    }

    Quantized quantize(float[] w) {
        int units = options.granularity() == QuantizationOptions.Granularity.PER_TENSOR ? channels : blocks();
        float[] lo = new float[units]; // every range takes 0 in
        float[] hi = new float[units];
        IntStream.range(0, channels).parallel().forEach(c -> {
            for (int r = 0; r < rows; r++) {
                int u = unit(c, r);
                float l = lo[u];
                float h = hi[u];
                for (int i = c * inner + r * rowLength, end = i + rowLength; i < end; i++) {
                    l = Math.min(l, w[i]);
                    h = Math.max(h, w[i]);
                }
                lo[u] = l;
                hi[u] = h;
            }
        });
        int blocks = blocks();
        float[] scales = new float[blocks];
        long[] zeros = new long[blocks];
        if (blocks == 1) {
            float l = 0;
            float h = 0;
            for (int u = 0; u < units; u++) {
                l = Math.min(l, lo[u]);
                h = Math.max(h, hi[u]);
            }
            params(l, h, scales, zeros, 0);
        } else {
            for (int b = 0; b < blocks; b++) {
                params(lo[b], hi[b], scales, zeros, b);
            }
        }
        byte[] q = new byte[w.length];
        float[] back = new float[w.length];
        long qmin = options.qmin();
        int levels = (int) (options.qmax() - qmin + 1);
        // each block's dequantized levels, once: (v - zero) * scale rounded, for every integer v
        float[] dequantized = new float[blocks * levels];
        for (int b = 0; b < blocks; b++) {
            for (int v = 0; v < levels; v++) {
                dequantized[b * levels + v] = round((v + qmin - zeros[b]) * scales[b]);
            }
        }
        IntStream.range(0, channels).parallel().forEach(c -> {
            for (int r = 0; r < rows; r++) {
                int b = block(c, r);
                float scale = scales[b];
                int zero = (int) zeros[b];
                int lowest = (int) qmin;
                int highest = lowest + levels - 1;
                int table = b * levels - lowest;
                for (int i = c * inner + r * rowLength, end = i + rowLength; i < end; i++) {
                    int v = Math.max(lowest, Math.min(highest, (int) Math.rint(round(w[i] / scale)) + zero));
                    q[i] = (byte) v;
                    back[i] = dequantized[table + v];
                }
            }
        });
        return new Quantized(q, scales, zeros, back);
    }

    // symmetric: scale = max |w| / half the range, zero point in the middle; affine: [lo, hi] onto the whole range
    private void params(float lo, float hi, float[] scales, long[] zeros, int b) {
        long qmin = options.qmin();
        long qmax = options.qmax();
        float scale;
        long zero;
        if (options.symmetric()) {
            float max = Math.max(-lo, hi);
            scale = round((float) (max / ((qmax - qmin) / 2.0)));
            zero = (qmax + qmin) / 2;
        } else {
            scale = round(round(hi - lo) / (qmax - qmin));
            zero = scale == 0 ? 0 : Math.max(qmin, Math.min(qmax, (long) Math.rint(round(qmin - lo / scale))));
        }
        scales[b] = scale == 0 ? 1 : scale;
        zeros[b] = zero;
    }

    // v rounded to the weight's precision: for fp16, the mantissa rounded to 10 bits (to nearest even) in place
    // when the result is a normal fp16 number (the usual case), else through Fp16
    private float round(float v) {
        if (!half) {
            return v;
        }
        int bits = Float.floatToRawIntBits(v);
        int abs = bits & 0x7fffffff;
        if (abs >= 0x38800000 && abs < 0x477ff000) {
            return Float.intBitsToFloat((bits & 0x80000000) | ((abs + 0x0fff + ((abs >>> 13) & 1)) & ~0x1fff));
        }
        return Fp16.toFloat(Fp16.fromFloat(v));
    }
}
