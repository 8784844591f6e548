package dev.mil4j.backend.neuralnetwork.quant;

/**
 * What {@link NnWeightQuantizer} did to one weight of a layer.
 *
 * @param layer       the layer's name
 * @param field       the weight's field in the layer's parameters (e.g. {@code weights})
 * @param elements    the number of values
 * @param bits        bits per stored value after quantization (32 when kept)
 * @param bytesBefore the bytes of the weight before
 * @param bytesAfter  the bytes after (values, scales and biases or table)
 * @param maxAbsError the largest absolute difference of the dequantized weight from the original (0 when kept)
 * @param skipped     why the weight was kept as it was, or empty when it was quantized
 */
public record NnWeightReport(String layer, String field, long elements, int bits, long bytesBefore, long bytesAfter,
                             double maxAbsError, String skipped) {
    /** @return whether the weight was quantized */
    public boolean quantized() {
        return skipped.isEmpty();
    }

    @Override
    public String toString() {
        String where = layer + "." + field + " (" + elements + " values)";
        return quantized()
                ? String.format("%s: %d-bit, %d -> %d bytes, max abs error %.3g", where, bits, bytesBefore, bytesAfter,
                        maxAbsError)
                : where + ": kept (" + skipped + ")";
    }
}
