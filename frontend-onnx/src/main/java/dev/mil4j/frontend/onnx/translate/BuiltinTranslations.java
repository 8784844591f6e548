package dev.mil4j.frontend.onnx.translate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Every built-in ONNX translation, gathered from the family lists and sorted by key and since-version. */
public final class BuiltinTranslations {
    private BuiltinTranslations() {
    }

    public static List<Builtin> all() {
        List<Builtin> all = new ArrayList<>();
        all.addAll(ActivationTranslations.all());
        all.addAll(BasicTranslations.all());
        all.addAll(ControlFlowTranslations.all());
        all.addAll(ConvTranslations.all());
        all.addAll(ElementwiseTranslations.all());
        all.addAll(IndexTranslations.all());
        all.addAll(LinearTranslations.all());
        all.addAll(NormTranslations.all());
        all.addAll(ReductionTranslations.all());
        all.addAll(SliceTranslation.all());
        all.addAll(TensorTranslations.all());
        all.addAll(TopKResizeTranslations.all());
        all.sort(Comparator.comparing(Builtin::domain).thenComparing(Builtin::opType)
                .thenComparingInt(Builtin::sinceVersion));
        return List.copyOf(all);
    }
}
