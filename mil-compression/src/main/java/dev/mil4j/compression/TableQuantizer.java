package dev.mil4j.compression;

import dev.mil4j.core.types.DType;

/**
 * Quantized lookup tables (coremltools' {@code lut_dtype}): each table quantized on its own to int8 or uint8,
 * symmetric (one scale per table, zero point 0 for int8 and 127 for uint8), with the arithmetic of linear
 * quantization ({@link BlockQuantizer}, in the weight's precision). A table is quantized before the elements take
 * their nearest entries, so they choose among the values the load-time dequantization gives.
 */
final class TableQuantizer {
    private final QuantizationOptions options;
    private final DType weightDtype;
    private final int tableSize;
    private final byte[] data;
    private final float[] scales;
    private final long[] zeros;

    /**
     * @param lutDtype int8 or uint8
     * @param weightDtype the weight's dtype (the tables' and scales')
     * @param tables the number of tables
     * @param tableSize the elements of a table
     */
    TableQuantizer(DType lutDtype, DType weightDtype, int tables, int tableSize) {
        this.options = new QuantizationOptions(lutDtype, true, QuantizationOptions.Granularity.PER_TENSOR, 0,
                WeightSelection.defaults());
        this.weightDtype = weightDtype;
        this.tableSize = tableSize;
        this.data = new byte[tables * tableSize];
        this.scales = new float[tables];
        this.zeros = new long[tables];
    }

    /** Quantizes table {@code t} in place: its entries become the values the dequantization gives back. */
    void quantize(int t, float[] table) {
        Quantized q = new BlockQuantizer(options, weightDtype, new long[] {1, tableSize}).quantize(table);
        System.arraycopy(q.data(), 0, data, t * tableSize, tableSize);
        scales[t] = q.scales()[0];
        zeros[t] = q.zeros()[0];
        System.arraycopy(q.back(), 0, table, 0, tableSize);
    }

    /** @return the quantized tables, given all the tables as dequantized */
    Quantized result(float[] luts) {
        return new Quantized(data, scales, zeros, luts);
    }
}
