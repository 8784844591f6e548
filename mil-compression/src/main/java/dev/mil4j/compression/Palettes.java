package dev.mil4j.compression;

/**
 * The tables, indices and reconstructed values of palettized values.
 *
 * @param luts the tables, one after the other, each of {@code 2^bits} entries of {@code clusterDim} elements (the
 *     values the lookup sees: dequantized when the tables are quantized)
 * @param indices each value's (or each vector's) entry
 * @param back each value's entry's value, in the order of the palettized values
 * @param quantizedLuts the tables quantized (one scale and zero point per table), or {@code null}
 */
record Palettes(float[] luts, byte[] indices, float[] back, Quantized quantizedLuts) {
}
