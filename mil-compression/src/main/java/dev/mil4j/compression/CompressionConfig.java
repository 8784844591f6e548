package dev.mil4j.compression;

import dev.mil4j.core.ir.Operation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-op compression settings, as coremltools' {@code OptimizationConfig}: a global setting, settings per op type
 * and per op name, where an empty setting means "leave these weights alone". A weight's setting is, in order, the
 * one of its const op's name; else the one of the ops that use it (each user's name, else its type, else the
 * global setting), which must agree when it has several users. {@link #pass()} makes the pass that applies it.
 *
 * @param global the setting of weights nothing else names; empty to compress only what is named
 * @param opTypes settings by the type of the op using a weight ({@code conv}, {@code linear}); empty ones skip
 * @param opNames settings by op name: of the const op, or of the op using the weight; empty ones skip
 */
public record CompressionConfig(Optional<WeightCompression> global, Map<String, Optional<WeightCompression>> opTypes,
        Map<String, Optional<WeightCompression>> opNames) {
    public CompressionConfig {
        Objects.requireNonNull(global, "global is null");
        opTypes = Map.copyOf(opTypes);
        opNames = Map.copyOf(opNames);
    }

    /** @return a configuration of one setting for every weight */
    public static CompressionConfig of(WeightCompression global) {
        return new CompressionConfig(Optional.of(global), Map.of(), Map.of());
    }

    /** @return a builder of a configuration */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the pass that compresses each weight with its setting */
    public CompressionPass pass() {
        return new ConfiguredCompressionPass(this);
    }

    /**
     * @param producer the op making a weight (a const, or a pruned weight's {@code constexpr_sparse_to_dense})
     * @return its setting, empty to leave it
     * @throws IllegalArgumentException when its users have different settings
     */
    public Optional<WeightCompression> resolve(Operation producer) {
        Optional<WeightCompression> named = opNames.get(producer.name());
        if (named != null) {
            return named;
        }
        Optional<WeightCompression> found = null;
        Operation first = null;
        for (Operation user : producer.output().users()) {
            Optional<WeightCompression> mine = opNames.getOrDefault(user.name(),
                    opTypes.getOrDefault(user.type(), global));
            if (found != null && !found.equals(mine)) {
                throw new IllegalArgumentException("weight `" + producer.name() + "` is used by `" + first.name()
                        + "` (" + first.type() + ") and `" + user.name() + "` (" + user.type() + ") whose settings"
                        + " differ; name the weight itself in op_name_configs");
            }
            found = mine;
            first = user;
        }
        return found == null ? Optional.empty() : found;
    }

    /** Collects the settings of a {@link CompressionConfig}. */
    public static final class Builder {
        private Optional<WeightCompression> global = Optional.empty();
        private final Map<String, Optional<WeightCompression>> opTypes = new LinkedHashMap<>();
        private final Map<String, Optional<WeightCompression>> opNames = new LinkedHashMap<>();

        private Builder() {
        }

        /** @return this, with the global setting ({@code null} for none) */
        public Builder global(WeightCompression setting) {
            global = Optional.ofNullable(setting);
            return this;
        }

        /** @return this, with the setting of weights used by ops of {@code type} ({@code null} skips them) */
        public Builder opType(String type, WeightCompression setting) {
            opTypes.put(Objects.requireNonNull(type, "type is null"), Optional.ofNullable(setting));
            return this;
        }

        /** @return this, with the setting of the op named {@code name} ({@code null} skips it) */
        public Builder opName(String name, WeightCompression setting) {
            opNames.put(Objects.requireNonNull(name, "name is null"), Optional.ofNullable(setting));
            return this;
        }

        /** @return the configuration */
        public CompressionConfig build() {
            return new CompressionConfig(global, opTypes, opNames);
        }
    }
}
