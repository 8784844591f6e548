package dev.mil4j.backend.mlprogram;

import java.nio.file.Path;

/**
 * What {@link MlPackageCodec#merge} wrote.
 *
 * @param path the multifunction package
 * @param functions the number of functions
 * @param weights the number of weights the functions refer to
 * @param blobsWritten the number of blobs in {@code weight.bin}: fewer than {@code weights} when functions share
 *     byte-identical weights, which are stored once
 * @param weightBytes the size of the weight data written (without the blob file's headers)
 */
public record MergedPackage(Path path, int functions, long weights, long blobsWritten, long weightBytes) {
}
