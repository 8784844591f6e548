package dev.mil4j.compression;

import dev.mil4j.core.types.DType;
import java.util.Objects;

/**
 * Options of {@code compression::palettize}.
 *
 * @param bits bits per index: 1, 2, 3, 4, 6 or 8 (3 from iOS18), a table of {@code 2^bits} entries
 * @param mode how the table is chosen
 * @param groupSize 0 for one table per tensor; else one table per group of this many output channels (axis 0,
 *     iOS18)
 * @param selection which weights
 * @param joint also palettize the non-zero values of weights pruned before (iOS18
 *     {@code constexpr_sparse_to_dense} over const inputs) into {@code constexpr_lut_to_sparse}, as coremltools'
 *     {@code joint_compression=True}; without it such weights are left alone
 * @param importance the element importances of weighted k-means, or {@code null} to weigh elements alike (k-means
 *     only)
 * @param perChannelScale divide each output channel by its largest magnitude before palettizing, and scale it back
 *     at load time ({@code constexpr_blockwise_shift_scale} after the {@code constexpr_lut_to_dense}, iOS18), as
 *     coremltools' {@code enable_per_channel_scale}; with joint compression the scales follow the
 *     {@code constexpr_sparse_to_dense}
 * @param clusterDim the length of a palette entry: 1 for scalar palettes; more for vector palettes (iOS18), where
 *     each run of {@code clusterDim} consecutive output channels at one position is one vector of the table, as
 *     coremltools' {@code cluster_dim} (k-means or unique; the output channels, the group size and each conv
 *     group's output channels must be multiples of it)
 * @param lutDtype {@code null} for tables of the weight's dtype; int8 or uint8 to store each table quantized
 *     (symmetric, one scale per table) and dequantized at load time by a {@code constexpr_blockwise_shift_scale}
 *     feeding the lookup (iOS18), as coremltools' {@code lut_dtype}
 */
public record PalettizationOptions(int bits, Mode mode, int groupSize, WeightSelection selection, boolean joint,
        WeightImportance importance, boolean perChannelScale, int clusterDim, DType lutDtype)
        implements WeightCompression {
    /** How the lookup table is chosen. */
    public enum Mode {
        /** 1-D k-means of the values (deterministic). */
        KMEANS,
        /** {@code 2^bits} evenly spaced values from the smallest to the largest. */
        UNIFORM,
        /** the distinct values, when there are at most {@code 2^bits}. */
        UNIQUE
    }

    public PalettizationOptions {
        Objects.requireNonNull(mode, "mode is null");
        Objects.requireNonNull(selection, "selection is null");
        if (bits != 1 && bits != 2 && bits != 3 && bits != 4 && bits != 6 && bits != 8) {
            throw new IllegalArgumentException("palettization takes 1, 2, 3, 4, 6 or 8 bits, not " + bits);
        }
        if (groupSize < 0) {
            throw new IllegalArgumentException("the group size must not be negative, got " + groupSize);
        }
        if (importance != null && mode != Mode.KMEANS) {
            throw new IllegalArgumentException("element importances weigh k-means; " + mode.name().toLowerCase()
                    + " palettization takes none");
        }
        if (clusterDim < 1) {
            throw new IllegalArgumentException("the cluster dimension (vector length) must be at least 1, got "
                    + clusterDim);
        }
        if (clusterDim > 1 && mode == Mode.UNIFORM) {
            throw new IllegalArgumentException("uniform palettization makes scalar tables only; take k-means or "
                    + "unique for vector palettes (cluster dimension " + clusterDim + ")");
        }
        if (lutDtype != null && lutDtype != DType.INT8 && lutDtype != DType.UINT8) {
            throw new IllegalArgumentException("quantized tables are int8 or uint8, not " + lutDtype);
        }
    }

    /** Options of scalar palettes in the weight's dtype. */
    public PalettizationOptions(int bits, Mode mode, int groupSize, WeightSelection selection, boolean joint,
            WeightImportance importance, boolean perChannelScale) {
        this(bits, mode, groupSize, selection, joint, importance, perChannelScale, 1, null);
    }

    /** Options of unweighted palettization without per-channel scales. */
    public PalettizationOptions(int bits, Mode mode, int groupSize, WeightSelection selection, boolean joint) {
        this(bits, mode, groupSize, selection, joint, null, false, 1, null);
    }

    /** Options of unweighted palettization without joint compression or per-channel scales. */
    public PalettizationOptions(int bits, Mode mode, int groupSize, WeightSelection selection) {
        this(bits, mode, groupSize, selection, false, null, false, 1, null);
    }

    /** @return these options with joint compression on or off */
    public PalettizationOptions withJoint(boolean on) {
        return new PalettizationOptions(bits, mode, groupSize, selection, on, importance, perChannelScale, clusterDim,
                lutDtype);
    }

    /** @return these options with weighted k-means by {@code weights} ({@code null} for unweighted) */
    public PalettizationOptions withImportance(WeightImportance weights) {
        return new PalettizationOptions(bits, mode, groupSize, selection, joint, weights, perChannelScale, clusterDim,
                lutDtype);
    }

    /** @return these options with per-channel scales on or off */
    public PalettizationOptions withPerChannelScale(boolean on) {
        return new PalettizationOptions(bits, mode, groupSize, selection, joint, importance, on, clusterDim, lutDtype);
    }

    /** @return these options with palette entries of {@code dim} elements (1: scalar palettes) */
    public PalettizationOptions withClusterDim(int dim) {
        return new PalettizationOptions(bits, mode, groupSize, selection, joint, importance, perChannelScale, dim,
                lutDtype);
    }

    /** @return these options with tables quantized to {@code dtype} (int8 or uint8; {@code null}: not quantized) */
    public PalettizationOptions withLutDtype(DType dtype) {
        return new PalettizationOptions(bits, mode, groupSize, selection, joint, importance, perChannelScale,
                clusterDim, dtype);
    }

    @Override
    public CompressionPass pass() {
        return new PalettizationPass(this);
    }
}
