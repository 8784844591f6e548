package dev.mil4j.frontend.pytorch.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import java.util.ArrayList;
import java.util.List;

/** Every built-in torch translation, family by family (each family's list is sorted by op name). */
public final class BuiltinTranslations {
    private BuiltinTranslations() {
    }

    public static List<TranslationContribution> all() {
        List<TranslationContribution> all = new ArrayList<>();
        all.addAll(ActivationTranslations.all());
        all.addAll(AttentionTranslations.all());
        all.addAll(CellTranslations.all());
        all.addAll(ControlFlowTranslations.all());
        all.addAll(ConvTranslations.all());
        all.addAll(ElementwiseTranslations.all());
        all.addAll(ImageTranslations.all());
        all.addAll(IndexTranslations.all());
        all.addAll(LinearTranslations.all());
        all.addAll(ListTranslations.all());
        all.addAll(NormTranslations.all());
        all.addAll(PredicateTranslations.all());
        all.addAll(RecurrentTranslations.all());
        all.addAll(ReductionTranslations.all());
        all.addAll(ShapeTranslations.all());
        all.addAll(TensorTranslations.all());
        all.addAll(WriteTranslations.all());
        return List.copyOf(all);
    }
}
