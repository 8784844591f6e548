package dev.mil4j.compression;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.value.TensorValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code compression::configured}: compresses each weight with the setting a {@link CompressionConfig} gives it
 * (quantization, palettization or pruning, each with its own options and minimum size), leaving the weights it
 * gives none. Made by {@link CompressionConfig#pass()}.
 */
public final class ConfiguredCompressionPass extends CompressionPass {
    public static final String ID = "compression::configured";

    private final CompressionConfig config;
    private final Map<WeightCompression, CompressionPass> passes = new HashMap<>();

    ConfiguredCompressionPass(CompressionConfig config) {
        super(WeightSelection.defaults());
        this.config = config;
        config.global().ifPresent(this::passFor);
        config.opTypes().values().forEach(o -> o.ifPresent(this::passFor));
        config.opNames().values().forEach(o -> o.ifPresent(this::passFor));
    }

    private CompressionPass passFor(WeightCompression setting) {
        return passes.computeIfAbsent(setting, WeightCompression::pass);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "compress each weight as a per-op configuration says";
    }

    /** @throws TypeException when the users of a weight have different settings */
    @Override
    CompressionPass compressorFor(Operation producer) {
        Optional<WeightCompression> setting;
        try {
            setting = config.resolve(producer);
        } catch (IllegalArgumentException e) {
            throw new TypeException(e.getMessage());
        }
        if (setting.isEmpty() || !setting.get().selection().selects(producer)) {
            return null;
        }
        return passFor(setting.get());
    }

    @Override
    boolean anyJoint() {
        return passes.values().stream().anyMatch(CompressionPass::joint);
    }

    @Override
    Outcome compress(String name, TensorValue weight, Opset opset) {
        throw new IllegalStateException("the configured pass compresses through the pass of each setting");
    }
}
