package dev.mil4j.compression;

/**
 * A linearly quantized weight.
 *
 * @param data the integers, one byte each (sub-byte ones unpacked)
 * @param scales the scale of each block
 * @param zeros the zero point of each block
 * @param back the weight the integers reconstruct
 */
record Quantized(byte[] data, float[] scales, long[] zeros, float[] back) {
}
