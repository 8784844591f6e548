package dev.mil4j.cli;

import dev.mil4j.compression.CompressionPass;
import dev.mil4j.compression.LinearQuantizationPass;
import dev.mil4j.compression.PalettizationOptions;
import dev.mil4j.compression.PalettizationPass;
import dev.mil4j.compression.PruningOptions;
import dev.mil4j.compression.PruningPass;
import dev.mil4j.compression.QuantizationOptions;
import dev.mil4j.compression.WeightReport;
import dev.mil4j.compression.WeightSelection;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TypeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The weight compression options of {@code compress} and {@code convert}: one of {@code --quantize},
 * {@code --palettize}, {@code --prune}, {@code --prune-threshold} with their settings, a pruning with a quantization
 * or palettization after it (joint compression, iOS18), or {@code --config FILE} (per-op settings,
 * {@link CompressionConfigFile}); made into the passes of mil-compression that do it.
 */
final class CompressionOptions {
    @Option(names = "--quantize", paramLabel = "DTYPE", description = "int8, uint8, int4 or uint4 (4 bits: iOS18)")
    String quantize;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "symmetric",
            description = "quantization mode: symmetric or affine (default ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--granularity", paramLabel = "G", description = "per-tensor, per-channel, per-block "
            + "(quantization; default per-channel) or per-grouped-channel (palettization; default per-tensor)")
    String granularity;

    @Option(names = "--block-size", paramLabel = "N", defaultValue = "32", description = "per-block block size")
    int blockSize;

    @Option(names = "--palettize", paramLabel = "BITS", description = "1, 2, 3, 4, 6 or 8 bits per index")
    Integer palettize;

    @Option(names = "--palettize-mode", paramLabel = "MODE", defaultValue = "kmeans",
            description = "kmeans, uniform or unique (default ${DEFAULT-VALUE})")
    String palettizeMode;

    @Option(names = "--group-size", paramLabel = "N", defaultValue = "16",
            description = "output channels per table with per-grouped-channel (iOS18)")
    int groupSize;

    @Option(names = "--per-channel-scale", description = "palettize each output channel divided by its largest "
            + "magnitude and scale it back at load time (iOS18)")
    boolean perChannelScale;

    @Option(names = "--cluster-dim", paramLabel = "N", defaultValue = "1", description = "vector palettes: each "
            + "table entry a vector of N consecutive output channels (coremltools' cluster_dim; iOS18; default 1)")
    int clusterDim;

    @Option(names = "--lut-dtype", paramLabel = "DTYPE", description = "store the lookup tables quantized to int8 "
            + "or uint8, dequantized at load time (coremltools' lut_dtype; iOS18)")
    String lutDtype;

    @Option(names = "--importance", paramLabel = "PATH", description = "weighted k-means: an .npz file or a folder "
            + "of .npy files holding, per weight const name, an array of the weight's shape of element importances")
    Path importance;

    @Option(names = "--prune", paramLabel = "SPARSITY", description = "zero this fraction of smallest magnitudes")
    Double prune;

    @Option(names = "--prune-threshold", paramLabel = "T", description = "zero magnitudes at or below T")
    Double pruneThreshold;

    @Option(names = "--min-weight-size", paramLabel = "N", defaultValue = "2048",
            description = "compress weights of at least N elements (default ${DEFAULT-VALUE})")
    long minWeightSize;

    @Option(names = "--op-type", paramLabel = "TYPE", description = "only weights used by ops of this type")
    Set<String> opTypes = Set.of();

    @Option(names = "--config", paramLabel = "FILE", description = "per-op settings: a JSON file in the layout of "
            + "coremltools' OptimizationConfig (config_type, global_config, op_type_configs, op_name_configs)")
    Path config;

    private final Map<Path, ImportanceFile> importanceFiles = new LinkedHashMap<>();

    @Option(names = "--joint", description = "quantize or palettize the non-zero values of pruned weights too "
            + "(joint compression, iOS18); implied by --prune or --prune-threshold with --quantize or --palettize")
    boolean joint;

    /** @return whether a compression was asked for */
    boolean requested() {
        return quantize != null || palettize != null || prune != null || pruneThreshold != null || config != null;
    }

    /**
     * Compresses {@code program} in place.
     *
     * @return the reports of each pass run, in order: one per weight considered
     * @throws Mil4j.UsageException when the options or the program's target do not allow it
     */
    List<List<WeightReport>> apply(Program program, OpRegistry ops) {
        List<List<WeightReport>> out = new ArrayList<>();
        List<CompressionPass> passes = passes();
        importanceFiles.values().forEach(f -> f.check(program));
        for (CompressionPass pass : passes) {
            try {
                pass.run(program, PassContext.withDefaults(ops));
            } catch (TypeException e) {
                throw new Mil4j.UsageException(e.getMessage());
            }
            out.add(pass.reports());
        }
        return out;
    }

    /** @return the summary of each pass's reports: weights compressed of considered, bytes before and after */
    static String summary(List<List<WeightReport>> passes) {
        List<String> parts = new ArrayList<>();
        for (List<WeightReport> reports : passes) {
            long before = reports.stream().mapToLong(WeightReport::bytesBefore).sum();
            long after = reports.stream().mapToLong(WeightReport::bytesAfter).sum();
            long compressed = reports.stream().filter(WeightReport::compressed).count();
            parts.add(String.format("%d of %d weights compressed, %d -> %d bytes", compressed, reports.size(),
                    before, after));
        }
        return String.join("; then ", parts);
    }

    /** @return the passes asked for, in the order they run (pruning before a joint compression) */
    List<CompressionPass> passes() {
        boolean pruning = prune != null || pruneThreshold != null;
        boolean other = quantize != null || palettize != null;
        if (config != null) {
            if (pruning || other) {
                throw new Mil4j.UsageException("--config gives every setting: leave out --quantize, --palettize, "
                        + "--prune and --prune-threshold");
            }
            if (clusterDim != 1 || lutDtype != null) {
                throw new Mil4j.UsageException("--config gives every setting: give cluster_dim and lut_dtype in its "
                        + "OpPalettizerConfig entries instead of --cluster-dim and --lut-dtype");
            }
            return List.of(CompressionConfigFile.read(config, joint, importance == null ? null
                    : importances(importance), this::importances).pass());
        }
        if ((prune != null && pruneThreshold != null) || (quantize != null && palettize != null)
                || (!pruning && !other)) {
            throw new Mil4j.UsageException("give exactly one of --quantize, --palettize, --prune, --prune-threshold"
                    + " (or a pruning with --quantize or --palettize: joint compression, iOS18), or --config FILE");
        }
        List<CompressionPass> passes = new ArrayList<>();
        if (pruning) {
            passes.add(pruningPass());
        }
        if (other) {
            passes.add(compressionPass(joint || pruning));
        }
        return passes;
    }

    // the importances of a path, read once
    private ImportanceFile importances(Path path) {
        return importanceFiles.computeIfAbsent(path, ImportanceFile::read);
    }

    private CompressionPass pruningPass() {
        if (quantize == null && palettize == null
                && (clusterDim != 1 || lutDtype != null || importance != null || perChannelScale)) {
            throw new Mil4j.UsageException("--per-channel-scale, --cluster-dim, --lut-dtype and --importance apply "
                    + "to --palettize");
        }
        WeightSelection selection = new WeightSelection(minWeightSize, opTypes, Set.of());
        try {
            return new PruningPass(prune != null ? PruningOptions.magnitude(prune, selection)
                    : PruningOptions.threshold(pruneThreshold, selection));
        } catch (IllegalArgumentException e) {
            throw new Mil4j.UsageException(e.getMessage());
        }
    }

    private CompressionPass compressionPass(boolean jointly) {
        WeightSelection selection = new WeightSelection(minWeightSize, opTypes, Set.of());
        try {
            if (quantize != null) {
                if (perChannelScale || clusterDim != 1 || lutDtype != null || importance != null) {
                    throw new IllegalArgumentException("--per-channel-scale, --cluster-dim, --lut-dtype and "
                            + "--importance apply to --palettize");
                }
                DType dtype = DType.fromMilName(quantize).orElseThrow(() -> new IllegalArgumentException(
                        "--quantize takes int8, uint8, int4 or uint4, not " + quantize));
                if (!mode.equals("symmetric") && !mode.equals("affine")) {
                    throw new IllegalArgumentException("--mode takes symmetric or affine, not " + mode);
                }
                return new LinearQuantizationPass(new QuantizationOptions(dtype, mode.equals("symmetric"),
                        quantizationGranularity(), blockSize, selection, jointly));
            }
            PalettizationOptions.Mode m = switch (palettizeMode) {
                case "kmeans" -> PalettizationOptions.Mode.KMEANS;
                case "uniform" -> PalettizationOptions.Mode.UNIFORM;
                case "unique" -> PalettizationOptions.Mode.UNIQUE;
                default -> throw new IllegalArgumentException("--palettize-mode takes kmeans, uniform or unique, "
                        + "not " + palettizeMode);
            };
            boolean grouped = "per-grouped-channel".equals(granularity);
            if (granularity != null && !grouped && !granularity.equals("per-tensor")) {
                throw new IllegalArgumentException("palettization takes --granularity per-tensor or "
                        + "per-grouped-channel, not " + granularity);
            }
            DType lut = null;
            if (lutDtype != null) {
                lut = DType.fromMilName(lutDtype).filter(d -> d == DType.INT8 || d == DType.UINT8).orElseThrow(
                        () -> new IllegalArgumentException("--lut-dtype takes int8 or uint8, not " + lutDtype));
            }
            PalettizationOptions options = new PalettizationOptions(palettize, m, grouped ? groupSize : 0,
                    selection, jointly).withPerChannelScale(perChannelScale).withClusterDim(clusterDim)
                    .withLutDtype(lut);
            if (importance != null) {
                if (m != PalettizationOptions.Mode.KMEANS) {
                    throw new IllegalArgumentException("--importance weighs k-means; --palettize-mode "
                            + palettizeMode + " takes none");
                }
                options = options.withImportance(importances(importance));
            }
            return new PalettizationPass(options);
        } catch (IllegalArgumentException e) {
            throw new Mil4j.UsageException(e.getMessage());
        }
    }

    private QuantizationOptions.Granularity quantizationGranularity() {
        return switch (granularity == null ? "per-channel" : granularity) {
            case "per-tensor" -> QuantizationOptions.Granularity.PER_TENSOR;
            case "per-channel" -> QuantizationOptions.Granularity.PER_CHANNEL;
            case "per-block" -> QuantizationOptions.Granularity.PER_BLOCK;
            default -> throw new IllegalArgumentException("quantization takes --granularity per-tensor, per-channel "
                    + "or per-block, not " + granularity);
        };
    }
}
