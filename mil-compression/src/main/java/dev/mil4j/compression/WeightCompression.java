package dev.mil4j.compression;

/**
 * The settings of one compression, whichever it is: {@link QuantizationOptions}, {@link PalettizationOptions} or
 * {@link PruningOptions}. A {@link CompressionConfig} maps ops to these.
 */
public sealed interface WeightCompression permits QuantizationOptions, PalettizationOptions, PruningOptions {
    /** @return which weights the compression takes */
    WeightSelection selection();

    /** @return the pass that compresses with these settings */
    CompressionPass pass();
}
