package dev.mil4j.converter.spi;

import static java.util.Objects.requireNonNull;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;

/** What a frontend gets for one conversion: the options, the op registry, its translations and a progress sink. */
public final class FrontendContext {
    private final ConvertOptions options;
    private final OpRegistry ops;
    private final TranslationRegistry translations;

    public FrontendContext(ConvertOptions options, OpRegistry ops, TranslationRegistry translations) {
        this.options = requireNonNull(options, "options is null");
        this.ops = requireNonNull(ops, "ops is null");
        this.translations = requireNonNull(translations, "translations is null");
    }

    public ConvertOptions options() {
        return options;
    }

    public OpRegistry ops() {
        return ops;
    }

    /** The opset of the functions to build: the minimum deployment target. */
    public Opset opset() {
        return options.minimumDeploymentTarget();
    }

    public TranslationRegistry translations() {
        return translations;
    }

    public ProgressListener progress() {
        return options.progressListener();
    }
}
