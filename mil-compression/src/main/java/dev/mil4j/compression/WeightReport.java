package dev.mil4j.compression;

/**
 * What a compression pass did to one weight.
 *
 * @param weight the const op's name
 * @param op the constexpr op that replaced it, or why it was skipped
 * @param bits bits per element of the compressed data (0 when skipped)
 * @param bytesBefore the dense weight's size
 * @param bytesAfter the size of the compressed data, lookup tables, scales and masks
 * @param snrDb signal-to-noise ratio of the reconstructed weight, in dB (infinite when exact)
 * @param maxAbsError the largest absolute difference of the reconstructed weight
 */
public record WeightReport(String weight, String op, int bits, long bytesBefore, long bytesAfter, double snrDb,
        double maxAbsError) {
    /** @return a report of a weight left as it was */
    static WeightReport skipped(String weight, String why, long bytes) {
        return new WeightReport(weight, "skipped: " + why, 0, bytes, bytes, Double.POSITIVE_INFINITY, 0);
    }

    /** @return whether the weight was compressed */
    public boolean compressed() {
        return bits > 0;
    }

    @Override
    public String toString() {
        if (!compressed()) {
            return String.format("%s: %s", weight, op);
        }
        return String.format("%s: %s, %d bits, %d -> %d bytes, SNR %.1f dB, max |error| %.3g", weight, op, bits,
                bytesBefore, bytesAfter, snrDb, maxAbsError);
    }
}
