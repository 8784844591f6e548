package dev.mil4j.frontend.pytorch.translate;

import static java.util.Objects.requireNonNull;

import dev.mil4j.frontend.pytorch.TorchTranslation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The built-in torch translations, gathered from each op family's sorted list. */
public final class TorchTranslations {
    private TorchTranslations() {
    }

    /** One translation: the op name ({@code aten::relu}), the translation, and aliases (such as {@code aten::relu_}). */
    public record Entry(String op, TorchTranslation translation, List<String> aliases) {
        public Entry {
            requireNonNull(op, "op is null");
            requireNonNull(translation, "translation is null");
            aliases = List.copyOf(aliases);
        }

        /** A translation without aliases. */
        static Entry of(String op, TorchTranslation t, String... aliases) {
            return new Entry(op, t, List.of(aliases));
        }

        /** A translation that also serves the in-place variant ({@code aten::add_} for {@code aten::add}). */
        static Entry inPlace(String op, TorchTranslation t, String... aliases) {
            List<String> all = new ArrayList<>(List.of(aliases));
            all.add(op + "_");
            return new Entry(op, t, all);
        }
    }

    /** Every built-in translation, sorted by op name. */
    public static List<Entry> all() {
        List<Entry> all = new ArrayList<>();
        all.addAll(ActivationTranslations.entries());
        all.addAll(AttentionTranslations.entries());
        all.addAll(ControlFlowTranslations.entries());
        all.addAll(ElementwiseTranslations.entries());
        all.addAll(FillTranslations.entries());
        all.addAll(ImageTranslations.entries());
        all.addAll(ListTranslations.entries());
        all.addAll(ReductionTranslations.entries());
        all.addAll(NnTranslations.entries());
        all.addAll(ShapeTranslations.entries());
        all.addAll(TensorTranslations.entries());
        all.sort(Comparator.comparing(Entry::op));
        return all;
    }
}
