package dev.mil4j.frontend.tensorflow.translate;

import static dev.mil4j.frontend.tensorflow.translate.Emit.one;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import java.util.List;

/** {@code Where}, {@code Select}, {@code SelectV2}, {@code OneHot}, {@code Cumsum}, {@code TopKV2}/{@code TopK}. */
final class MiscTranslations {
    private MiscTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                TfTranslations.of("Cumsum", (n, c) -> one(c.builder().op("cumsum").input("x", c.input(0))
                        .input("axis", TensorValue.scalar(Emit.constInts(c, 1, "axis")[0]))
                        .input("exclusive", TensorValue.scalar(n.boolAttr("exclusive", false)))
                        .input("reverse", TensorValue.scalar(n.boolAttr("reverse", false))).output())),
                TfTranslations.of("OneHot", MiscTranslations::oneHot),
                TfTranslations.of("Select", MiscTranslations::select),
                TfTranslations.of("SelectV2", (n, c) -> one(c.builder().op("select").input("cond", c.input(0))
                        .input("a", c.input(1)).input("b", c.input(2)).output())),
                TfTranslations.of("TopKV2", MiscTranslations::topk, "TopK"),
                TfTranslations.of("Where", (n, c) -> {
                    if (c.inputCount() != 1) {
                        throw c.error("has " + c.inputCount() + " inputs; the 3-input form is Select");
                    }
                    return one(c.builder().op("non_zero").input("x", c.input(0)).output());
                }));
    }

    /** TensorFlow 1's {@code Select}: a rank-1 condition picks whole rows, so it is expanded to x's rank first. */
    private static List<Var> select(TfNode n, TfTranslationContext c) {
        Var cond = c.input(0);
        Var a = c.input(1);
        int extra = Emit.rank(a) - Emit.rank(cond);
        if (Emit.rank(cond) == 1 && extra > 0) {
            int[] axes = new int[extra];
            for (int i = 0; i < extra; i++) {
                axes[i] = i + 1;
            }
            cond = c.builder().op("expand_dims").input("x", cond).input("axes", TensorValue.vector(axes)).output();
        }
        return one(c.builder().op("select").input("cond", cond).input("a", a).input("b", c.input(2)).output());
    }

    private static List<Var> oneHot(TfNode n, TfTranslationContext c) {
        return one(c.builder().op("one_hot").input("indices", c.input(0))
                .input("one_hot_vector_size", c.input(1)).input("axis", TensorValue.scalar((int) n.intAttr("axis", -1)))
                .input("on_value", c.constInput(2, "on_value")).input("off_value", c.constInput(3, "off_value"))
                .output());
    }

    /** {@code TopKV2(x, k)} and {@code TopK(x)} with attribute {@code k}: values and int32 indices, largest first. */
    private static List<Var> topk(TfNode n, TfTranslationContext c) {
        int k = c.inputCount() > 1 ? Emit.constInts(c, 1, "k")[0] : (int) n.intAttr("k", 1);
        Builder b = c.builder();
        return b.op("topk").input("x", c.input(0)).input("k", TensorValue.scalar(k))
                .input("axis", TensorValue.scalar(-1)).outputs();
    }
}
