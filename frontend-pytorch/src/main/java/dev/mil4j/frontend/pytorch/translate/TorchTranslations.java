package dev.mil4j.frontend.pytorch.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.frontend.pytorch.TorchFrontend;
import dev.mil4j.frontend.pytorch.TorchTranslation;
import java.util.ArrayList;
import java.util.List;

/**
 * Contributions of torch translations, keyed by TorchScript op name ({@code aten::relu}); aliases share the
 * translation, and {@link #inPlace} adds the in-place variant ({@code aten::relu_}) as one.
 */
public final class TorchTranslations {
    private TorchTranslations() {
    }

    /** A translation of {@code op} and its aliases. */
    public static TranslationContribution of(String op, TorchTranslation translation, String... aliases) {
        return TranslationContribution.of(TorchFrontend.ID, op, translation, aliases);
    }

    /** A translation that also serves the in-place variant ({@code aten::add_} for {@code aten::add}). */
    public static TranslationContribution inPlace(String op, TorchTranslation translation, String... aliases) {
        List<String> all = new ArrayList<>(List.of(aliases));
        all.add(op + "_");
        return of(op, translation, all.toArray(String[]::new));
    }
}
