package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Every built-in ONNX translation, gathered from the family lists and sorted by key and since-version. */
public final class BuiltinTranslations {
    private BuiltinTranslations() {
    }

    public static List<TranslationContribution> all() {
        List<TranslationContribution> all = new ArrayList<>();
        all.addAll(ActivationTranslations.all());
        all.addAll(ControlFlowTranslations.all());
        all.addAll(ConvTranslations.all());
        all.addAll(DetectionTranslations.all());
        all.addAll(ElementwiseTranslations.all());
        all.addAll(ImageTranslations.all());
        all.addAll(IntegerTranslations.all());
        all.addAll(IndexTranslations.all());
        all.addAll(LinearTranslations.all());
        all.addAll(LossTranslations.all());
        all.addAll(NormTranslations.all());
        all.addAll(RandomTranslations.all());
        all.addAll(RecurrentTranslations.all());
        all.addAll(ReductionTranslations.all());
        all.addAll(QuantizationTranslations.all());
        all.addAll(ShapeTranslations.all());
        all.addAll(SignalTranslations.all());
        all.addAll(SpectralTranslations.all());
        all.addAll(TensorTranslations.all());
        all.sort(Comparator.comparing(TranslationContribution::sourceOp)
                .thenComparingInt(TranslationContribution::sinceVersion));
        return List.copyOf(all);
    }
}
