package dev.mil4j.backend.mlprogram;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.types.DimBound;
import dev.mil4j.spec.proto.ModelDescription;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How {@link MlPackageCodec#write} writes a package. The deployment target is not an option here: each function's
 * opset gives its MIL.proto opset ({@code CoreML5}..{@code CoreML8}) and the model's specification version; compute
 * precision is the job of the pass pipeline ({@code add_fp16_cast}) that runs before the backend.
 *
 * @param blobThreshold constants of fp16, fp32, int8 or uint8 with at least this many elements go to the weight
 *     blob file {@code weights/weight.bin}; smaller ones, and constants of any other dtype, stay immediate values in
 *     the MIL program (coremltools: 10)
 * @param symbolicDimUpperBound the upper bound of the flexible size range given to a symbolic dimension of a model
 *     input that has no range in the program ({@code Function.dimBound}; the lower bound and default size are 1);
 *     {@code -1} means unbounded. coremltools uses 2 for ML Programs when the user gives no range, and so does the
 *     default here
 * @param debugInfo whether to keep mil4j's round-trip information (op source locations and dimension symbol names)
 *     in the program's {@code buildInfo}; Core ML ignores it
 * @param userDefinedMetadata entries for the model's {@code metadata.userDefined} map, in order
 * @param descriptionEdits changes made to the model description once it is made from the program (image input types,
 *     metadata, feature descriptions: see {@link InterfaceRecords}); none by default
 */
public record MlProgramOptions(long blobThreshold, long symbolicDimUpperBound, boolean debugInfo,
        Map<String, String> userDefinedMetadata, Consumer<ModelDescription.Builder> descriptionEdits) {
    /** coremltools' threshold: constants of at least 10 elements of a blob dtype go to the weight file. */
    public static final long DEFAULT_BLOB_THRESHOLD = 10;
    /** coremltools' default upper bound of a symbolic input dimension in an ML Program. */
    public static final long DEFAULT_SYMBOLIC_DIM_UPPER_BOUND = 2;
    /** An upper bound meaning "no limit". */
    public static final long UNBOUNDED = -1;

    /** Checks the values and copies the map. */
    public MlProgramOptions {
        if (blobThreshold < 1) {
            throw new IllegalArgumentException("blobThreshold must be at least 1, got " + blobThreshold);
        }
        if (symbolicDimUpperBound != UNBOUNDED && symbolicDimUpperBound < 1) {
            throw new IllegalArgumentException("symbolicDimUpperBound must be at least 1 or -1 (unbounded), got "
                    + symbolicDimUpperBound);
        }
        requireNonNull(userDefinedMetadata, "userDefinedMetadata is null");
        userDefinedMetadata.forEach((k, v) -> {
            requireNonNull(k, "metadata key is null");
            requireNonNull(v, "metadata value is null");
        });
        userDefinedMetadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(userDefinedMetadata));
        requireNonNull(descriptionEdits, "descriptionEdits is null");
    }

    /** The range of a symbolic input dimension the program gives none: {@code 1..symbolicDimUpperBound}. */
    public DimBound defaultRange() {
        return new DimBound(1, symbolicDimUpperBound);
    }

    /** @return the defaults: coremltools' blob threshold and symbolic-dimension range, debug info kept */
    public static MlProgramOptions defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.blobThreshold = blobThreshold;
        b.symbolicDimUpperBound = symbolicDimUpperBound;
        b.debugInfo = debugInfo;
        b.metadata.putAll(userDefinedMetadata);
        b.descriptionEdits = descriptionEdits;
        return b;
    }

    /** Builds {@link MlProgramOptions}. */
    public static final class Builder {
        private long blobThreshold = DEFAULT_BLOB_THRESHOLD;
        private long symbolicDimUpperBound = DEFAULT_SYMBOLIC_DIM_UPPER_BOUND;
        private boolean debugInfo = true;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private Consumer<ModelDescription.Builder> descriptionEdits = d -> {
        };

        private Builder() {
        }

        /** @param elements the smallest constant (in elements) written to the weight blob */
        public Builder blobThreshold(long elements) {
            this.blobThreshold = elements;
            return this;
        }

        /** @param bound the upper bound of symbolic input dimensions, or {@link #UNBOUNDED} */
        public Builder symbolicDimUpperBound(long bound) {
            this.symbolicDimUpperBound = bound;
            return this;
        }

        /** @param keep whether to keep source locations and dimension symbol names for reading back */
        public Builder debugInfo(boolean keep) {
            this.debugInfo = keep;
            return this;
        }

        /** Adds one {@code metadata.userDefined} entry. */
        public Builder userDefined(String key, String value) {
            metadata.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
            return this;
        }

        /** @param edits changes made to the model description once it is made from the program */
        public Builder descriptionEdits(Consumer<ModelDescription.Builder> edits) {
            this.descriptionEdits = requireNonNull(edits, "edits is null");
            return this;
        }

        public MlProgramOptions build() {
            return new MlProgramOptions(blobThreshold, symbolicDimUpperBound, debugInfo, metadata, descriptionEdits);
        }
    }
}
