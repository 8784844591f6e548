package dev.mil4j.backend.neuralnetwork.quant;

/**
 * What {@link NnWeightQuantizer} does to the weights of a NeuralNetwork model: 8-bit linear quantization with one
 * scale and bias per output channel, or an {@code bits}-bit lookup table (palette) per weight, its entries found by
 * 1-D k-means or spaced uniformly between the weight's minimum and maximum (coremltools' {@code linear_lut}).
 *
 * @param mode          the form of the quantized weights
 * @param bits          bits per stored value: 8 for {@link Mode#LINEAR}, 1 to 8 for the lookup tables
 * @param minWeightSize weights with fewer elements stay fp32 (coremltools' ML Program default: 2048)
 */
public record NnQuantization(Mode mode, int bits, long minWeightSize) {
    /** The form of a quantized weight. */
    public enum Mode {
        /** {@code linearQuantization}: 8-bit unsigned values, {@code w = scale[c] * q + bias[c]} per output channel. */
        LINEAR,
        /** {@code lookupTableQuantization} with a table from 1-D k-means (deterministic quantile seeds). */
        LOOKUP_TABLE_KMEANS,
        /** {@code lookupTableQuantization} with entries spaced evenly from the minimum to the maximum. */
        LOOKUP_TABLE_UNIFORM
    }

    /** The default minimum weight size, as coremltools' {@code weight_threshold}. */
    public static final long DEFAULT_MIN_WEIGHT_SIZE = 2048;

    /**
     * @throws IllegalArgumentException when the bits do not fit the mode or the minimum size is negative
     */
    public NnQuantization {
        if (mode == null) {
            throw new IllegalArgumentException("mode is null");
        }
        if (mode == Mode.LINEAR && bits != 8) {
            throw new IllegalArgumentException("NeuralNetwork linear quantization is 8-bit, not " + bits + "-bit");
        }
        if (bits < 1 || bits > 8) {
            throw new IllegalArgumentException("a NeuralNetwork lookup table takes 1 to 8 bits, not " + bits);
        }
        if (minWeightSize < 0) {
            throw new IllegalArgumentException("the minimum weight size must not be negative: " + minWeightSize);
        }
    }

    /** 8-bit linear quantization per output channel. */
    public static NnQuantization linear8(long minWeightSize) {
        return new NnQuantization(Mode.LINEAR, 8, minWeightSize);
    }

    /** A lookup table of {@code 2^bits} entries per weight, from k-means ({@code kmeans}) or uniform spacing. */
    public static NnQuantization lookupTable(int bits, boolean kmeans, long minWeightSize) {
        return new NnQuantization(kmeans ? Mode.LOOKUP_TABLE_KMEANS : Mode.LOOKUP_TABLE_UNIFORM, bits, minWeightSize);
    }
}
