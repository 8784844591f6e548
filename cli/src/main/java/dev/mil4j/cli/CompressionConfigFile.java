package dev.mil4j.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mil4j.compression.CompressionConfig;
import dev.mil4j.compression.PalettizationOptions;
import dev.mil4j.compression.PruningOptions;
import dev.mil4j.compression.QuantizationOptions;
import dev.mil4j.compression.WeightCompression;
import dev.mil4j.compression.WeightImportance;
import dev.mil4j.compression.WeightSelection;
import dev.mil4j.core.types.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Reads the JSON file of {@code --config}: coremltools' {@code OptimizationConfig.from_dict} layout, with its
 * class and key names, so a coremltools configuration carries over.
 *
 * <pre>
 * {
 *   "config_type": "OpPalettizerConfig",
 *   "global_config": {"mode": "kmeans", "nbits": 4},
 *   "op_type_configs": {"conv": {"mode": "uniform", "nbits": 2}, "linear": null},
 *   "op_name_configs": {"fc": {"config_type": "OpLinearQuantizerConfig", "dtype": "int8"}}
 * }
 * </pre>
 *
 * Every key, type and value is checked; a mistake is reported with its file and key path ({@code
 * op_type_configs.conv.nbits}) and what it may be. The settings and their defaults are in mil-compression's README.
 */
final class CompressionConfigFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final long MAX_BYTES = 1 << 20;

    private final Path file;
    private final boolean joint;
    private final WeightImportance importance;
    private final Function<Path, ImportanceFile> importances;

    private CompressionConfigFile(Path file, boolean joint, WeightImportance importance,
            Function<Path, ImportanceFile> importances) {
        this.file = file;
        this.joint = joint;
        this.importance = importance;
        this.importances = importances;
    }

    /**
     * @param joint whether quantization and palettization also take pruned weights (joint compression)
     * @throws Mil4j.UsageException naming the file and key of any mistake
     */
    static CompressionConfig read(Path file, boolean joint) {
        return read(file, joint, null, ImportanceFile::read);
    }

    /**
     * @param joint whether quantization and palettization also take pruned weights (joint compression)
     * @param importance the importances of k-means entries that name none ({@code --importance}), or null
     * @param importances reads the file an entry's {@code importance} names (relative to this file's folder)
     * @throws Mil4j.UsageException naming the file and key of any mistake
     */
    static CompressionConfig read(Path file, boolean joint, WeightImportance importance,
            Function<Path, ImportanceFile> importances) {
        return new CompressionConfigFile(file, joint, importance, importances).read();
    }

    private CompressionConfig read() {
        JsonNode root;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw fail("", "is larger than 1 MiB; a compression configuration is a few lines");
            }
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new Mil4j.UsageException(file + ": not valid JSON" + (at == null ? "" : " at line "
                    + at.getLineNr() + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Mil4j.UsageException("cannot read the compression configuration " + file + ": " + e);
        }
        if (root == null || !root.isObject()) {
            throw fail("", "must be a JSON object with config_type, global_config, op_type_configs and "
                    + "op_name_configs");
        }
        keys(root, "", Set.of("config_type", "global_config", "op_type_configs", "op_name_configs"));
        String type = root.hasNonNull("config_type") ? text(root, "config_type", "") : null;
        CompressionConfig.Builder b = CompressionConfig.builder();
        if (root.hasNonNull("global_config")) {
            b.global(setting(root.get("global_config"), "global_config", type));
        }
        entries(root, "op_type_configs", type, b::opType);
        entries(root, "op_name_configs", type, b::opName);
        return b.build();
    }

    private void entries(JsonNode root, String key, String type, BiConsumer<String, WeightCompression> put) {
        JsonNode map = root.get(key);
        if (map == null || map.isNull()) {
            return;
        }
        if (!map.isObject()) {
            throw fail(key, "must be an object from op types or names to settings (or null to skip), got "
                    + map.getNodeType().toString().toLowerCase());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = key + "." + e.getKey();
            put.accept(e.getKey(), e.getValue().isNull() ? null : setting(e.getValue(), path, type));
        }
    }

    private WeightCompression setting(JsonNode node, String path, String defaultType) {
        if (!node.isObject()) {
            throw fail(path, "must be an object of settings, or null to leave these weights alone");
        }
        String type = node.has("config_type") ? text(node, "config_type", path) : defaultType;
        if (type == null) {
            throw fail(path, "has no config_type, and the file gives none at the top: name one of "
                    + "OpLinearQuantizerConfig, OpPalettizerConfig, OpMagnitudePrunerConfig, OpThresholdPrunerConfig");
        }
        try {
            return switch (type) {
                case "OpLinearQuantizerConfig" -> quantizer(node, path);
                case "OpPalettizerConfig" -> palettizer(node, path);
                case "OpMagnitudePrunerConfig" -> magnitudePruner(node, path);
                case "OpThresholdPrunerConfig" -> thresholdPruner(node, path);
                default -> throw fail(path.isEmpty() ? "config_type" : path + ".config_type", "is " + type
                        + "; take OpLinearQuantizerConfig, OpPalettizerConfig, OpMagnitudePrunerConfig or "
                        + "OpThresholdPrunerConfig");
            };
        } catch (IllegalArgumentException e) {
            throw fail(path, e.getMessage());
        }
    }

    private WeightCompression quantizer(JsonNode n, String path) {
        keys(n, path, Set.of("config_type", "mode", "dtype", "granularity", "block_size", "weight_threshold"));
        String mode = choice(n, "mode", path, "linear_symmetric", List.of("linear_symmetric", "linear"));
        String dtype = choice(n, "dtype", path, "int8", List.of("int8", "uint8", "int4", "uint4"));
        String granularity = choice(n, "granularity", path, "per_channel",
                List.of("per_tensor", "per_channel", "per_block"));
        int blockSize = (int) integer(n, "block_size", path, 32, 1);
        return new QuantizationOptions(DType.fromMilName(dtype).orElseThrow(), mode.equals("linear_symmetric"),
                QuantizationOptions.Granularity.valueOf(granularity.toUpperCase()), blockSize, selection(n, path),
                joint);
    }

    private WeightCompression palettizer(JsonNode n, String path) {
        keys(n, path, Set.of("config_type", "mode", "nbits", "granularity", "group_size", "channel_axis",
                "cluster_dim", "enable_per_channel_scale", "num_kmeans_workers", "weight_threshold", "lut_dtype",
                "importance"));
        String mode = choice(n, "mode", path, "kmeans", List.of("kmeans", "uniform", "unique"));
        if (!n.hasNonNull("nbits") && !mode.equals("unique")) {
            throw fail(path + ".nbits", "is missing: " + mode + " palettization needs 1, 2, 3, 4, 6 or 8 bits");
        }
        int bits = (int) integer(n, "nbits", path, 8, 1);
        String granularity = choice(n, "granularity", path, "per_tensor",
                List.of("per_tensor", "per_grouped_channel"));
        int groupSize = (int) integer(n, "group_size", path, 32, 1);
        unsupported(n, "channel_axis", path, 0, "mil4j groups output channels (axis 0) only");
        int clusterDim = (int) integer(n, "cluster_dim", path, 1, 1);
        boolean perChannelScale = bool(n, "enable_per_channel_scale", path);
        String lutDtype = choice(n, "lut_dtype", path, null, List.of("int8", "uint8"));
        integer(n, "num_kmeans_workers", path, 1, 1); // accepted: mil4j uses every core anyway
        PalettizationOptions options = new PalettizationOptions(bits,
                PalettizationOptions.Mode.valueOf(mode.toUpperCase()),
                granularity.equals("per_grouped_channel") ? groupSize : 0, selection(n, path), joint)
                .withPerChannelScale(perChannelScale).withClusterDim(clusterDim)
                .withLutDtype(lutDtype == null ? null : DType.fromMilName(lutDtype).orElseThrow());
        WeightImportance weights = importance;
        if (n.hasNonNull("importance")) {
            if (!mode.equals("kmeans")) {
                throw fail(path + ".importance", "weighs k-means; " + mode + " palettization takes none");
            }
            Path at = file.toAbsolutePath().getParent().resolve(text(n, "importance", path));
            weights = importances.apply(at);
        }
        return mode.equals("kmeans") && weights != null ? options.withImportance(weights) : options;
    }

    private WeightCompression magnitudePruner(JsonNode n, String path) {
        keys(n, path, Set.of("config_type", "target_sparsity", "n_m_ratio", "block_size", "dim",
                "weight_threshold"));
        unsupported(n, "block_size", path, 1, "mil4j prunes elements, not blocks");
        if (n.hasNonNull("dim")) {
            throw fail(path + ".dim", "is not supported by mil4j: n:m blocks run along the last axis");
        }
        boolean sparsity = n.hasNonNull("target_sparsity");
        boolean nm = n.hasNonNull("n_m_ratio");
        if (sparsity == nm) {
            throw fail(path, "needs exactly one of target_sparsity and n_m_ratio");
        }
        if (sparsity) {
            return PruningOptions.magnitude(number(n, "target_sparsity", path, 0), selection(n, path));
        }
        JsonNode r = n.get("n_m_ratio");
        if (!r.isArray() || r.size() != 2 || !r.get(0).canConvertToInt() || !r.get(1).canConvertToInt()
                || !r.get(0).isIntegralNumber() || !r.get(1).isIntegralNumber()) {
            throw fail(path + ".n_m_ratio", "must be two integers [n, m], got " + r);
        }
        return PruningOptions.nOfM(r.get(0).intValue(), r.get(1).intValue(), selection(n, path));
    }

    private WeightCompression thresholdPruner(JsonNode n, String path) {
        keys(n, path, Set.of("config_type", "threshold", "minimum_sparsity_percentile", "weight_threshold"));
        double threshold = number(n, "threshold", path, 1e-12);
        double minimum = number(n, "minimum_sparsity_percentile", path, 0.5);
        if (minimum < 0 || minimum > 1) {
            throw fail(path + ".minimum_sparsity_percentile", "must be in [0, 1], got " + minimum);
        }
        return new PruningOptions(Double.NaN, threshold, minimum, 0, 0, selection(n, path));
    }

    private WeightSelection selection(JsonNode n, String path) {
        return new WeightSelection(integer(n, "weight_threshold", path, WeightSelection.DEFAULT_MIN_ELEMENTS, 0),
                Set.of(), Set.of());
    }

    private void keys(JsonNode n, String path, Set<String> allowed) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw fail(join(path, k), "is not a known key here; known: " + String.join(", ",
                        allowed.stream().sorted().toList()));
            }
        }
    }

    private String text(JsonNode n, String key, String path) {
        JsonNode v = n.get(key);
        if (!v.isTextual()) {
            throw fail(join(path, key), "must be a string, got " + v);
        }
        return v.textValue();
    }

    private String choice(JsonNode n, String key, String path, String otherwise, List<String> allowed) {
        if (!n.hasNonNull(key)) {
            return otherwise;
        }
        String v = text(n, key, path);
        if (!allowed.contains(v)) {
            throw fail(join(path, key), "is \"" + v + "\"; take one of " + String.join(", ", allowed));
        }
        return v;
    }

    private boolean bool(JsonNode n, String key, String path) {
        if (!n.hasNonNull(key)) {
            return false;
        }
        if (!n.get(key).isBoolean()) {
            throw fail(join(path, key), "must be true or false, got " + n.get(key));
        }
        return n.get(key).booleanValue();
    }

    private long integer(JsonNode n, String key, String path, long otherwise, long min) {
        if (!n.hasNonNull(key)) {
            return otherwise;
        }
        JsonNode v = n.get(key);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min) {
            throw fail(join(path, key), "must be an integer of at least " + min + ", got " + v);
        }
        return v.intValue();
    }

    private double number(JsonNode n, String key, String path, double otherwise) {
        if (!n.hasNonNull(key)) {
            return otherwise;
        }
        JsonNode v = n.get(key);
        if (!v.isNumber()) {
            throw fail(join(path, key), "must be a number, got " + v);
        }
        return v.doubleValue();
    }

    private void unsupported(JsonNode n, String key, String path, int only, String why) {
        if (n.hasNonNull(key) && (!n.get(key).isIntegralNumber() || n.get(key).intValue() != only)) {
            throw fail(join(path, key), "may only be " + only + ": " + why + ", got " + n.get(key));
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private Mil4j.UsageException fail(String path, String message) {
        return new Mil4j.UsageException(file + (path.isEmpty() ? "" : ": " + path) + ": " + message);
    }
}
