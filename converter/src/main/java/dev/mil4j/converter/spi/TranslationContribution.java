package dev.mil4j.converter.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A translation of a source-framework op for one frontend: the frontend's id, the source op name (such as
 * {@code TopKV2}, {@code aten::topk} or {@code com.example::MyOp}), aliases that share the translation, the first
 * source opset version it applies to (1 for frameworks without op versions), the translation object (of the
 * frontend's {@link Frontend#translationType()}, checked when the plugins are loaded), and whether it deliberately
 * replaces an existing translation. The Java form of coremltools'
 * {@code register_tf_op(tf_alias=[...], override=True)}.
 */
public record TranslationContribution(String frontend, String sourceOp, List<String> aliases, int sinceVersion,
        Object translation, boolean override) {

    public TranslationContribution {
        requireNonNull(frontend, "frontend is null");
        requireNonNull(sourceOp, "sourceOp is null");
        aliases = List.copyOf(aliases);
        requireNonNull(translation, "translation is null");
        if (sinceVersion < 1) {
            throw new IllegalArgumentException("sinceVersion must be at least 1, got " + sinceVersion);
        }
    }

    /** A new translation (an error if the op already has one). */
    public static TranslationContribution of(String frontend, String sourceOp, Object translation,
            String... aliases) {
        return new TranslationContribution(frontend, sourceOp, List.of(aliases), 1, translation, false);
    }

    /** A translation that replaces the existing one of the op and its aliases. */
    public static TranslationContribution overriding(String frontend, String sourceOp, Object translation,
            String... aliases) {
        return new TranslationContribution(frontend, sourceOp, List.of(aliases), 1, translation, true);
    }
}
