package dev.mil4j.frontend.tensorflow;

import dev.mil4j.converter.spi.TranslationContribution;

/**
 * Contributions of TensorFlow translations, keyed by TensorFlow op type (TensorFlow ops have no versions): a plugin
 * passes them to {@code Contributions.translation(binder, ...)}.
 *
 * <pre>{@code
 * Contributions.translation(binder, TfTranslations.overriding("TopKV2", new MyTopK(), "TopK"));
 * }</pre>
 */
public final class TfTranslations {
    /** The frontend id the translations are registered for. */
    public static final String FRONTEND = "tensorflow";

    private TfTranslations() {
    }

    /** A new translation of {@code opType} and its aliases (an error if one of them already has a translation). */
    public static TranslationContribution of(String opType, TfTranslation translation, String... aliases) {
        return TranslationContribution.of(FRONTEND, opType, translation, aliases);
    }

    /** A translation replacing the registered one of {@code opType} and its aliases. */
    public static TranslationContribution overriding(String opType, TfTranslation translation, String... aliases) {
        return TranslationContribution.overriding(FRONTEND, opType, translation, aliases);
    }
}
