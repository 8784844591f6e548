package dev.mil4j.converter.spi;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;

/**
 * What a frontend gets for one conversion: the options, the op registry, its translations and a progress sink.
 *
 * @param <T> the frontend's translation type
 */
public final class FrontendContext<T> {
    private final ConversionOptions options;
    private final OpRegistry ops;
    private final TranslationRegistry<T> translations;

    public FrontendContext(ConversionOptions options, OpRegistry ops, TranslationRegistry<T> translations) {
        this.options = requireNonNull(options, "options is null");
        this.ops = requireNonNull(ops, "ops is null");
        this.translations = requireNonNull(translations, "translations is null");
    }

    public ConversionOptions options() {
        return options;
    }

    public OpRegistry ops() {
        return ops;
    }

    /** The opset of the functions to build: the minimum deployment target. */
    public Opset opset() {
        return options.minimumDeploymentTarget();
    }

    public TranslationRegistry<T> translations() {
        return translations;
    }

    public ProgressListener progress() {
        return options.progressListener();
    }
}
