package dev.mil4j.frontend.tensorflow.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.frontend.tensorflow.TfTranslation;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ReductionOps;
import java.util.List;

/** Reductions ({@code Mean}, {@code Sum}, {@code Max}, {@code Min}, {@code Prod}), arg reductions, {@code L2Loss}. */
final class ReductionTranslations {
    private ReductionTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                TfTranslations.of("ArgMax", (n, c) -> List.of(ReductionOps.reduceArgmax(c.builder(), c.input(0),
                        (int) c.constInput(1, "dimension").getLong(0), false))),
                TfTranslations.of("ArgMin", (n, c) -> List.of(ReductionOps.reduceArgmin(c.builder(), c.input(0),
                        (int) c.constInput(1, "dimension").getLong(0), false))),
                TfTranslations.of("L2Loss", (n, c) -> List.of(MathOps.mul(c.builder(),
                        ReductionOps.reduce(c.builder(), "reduce_sum_square", c.input(0), false), 0.5))),
                TfTranslations.of("Max", reduce("reduce_max")),
                TfTranslations.of("Mean", reduce("reduce_mean")),
                TfTranslations.of("Min", reduce("reduce_min")),
                TfTranslations.of("Prod", reduce("reduce_prod")),
                TfTranslations.of("Sum", reduce("reduce_sum")));
    }

    /** {@code reduce_*(x, keep_dims, axes)}; the axes ({@code reduction_indices}) must be constant. */
    private static TfTranslation reduce(String milOp) {
        return (n, c) -> {
            int[] axes = c.constInput(1, "reduction_indices").toIntArray();
            return List.of(axes.length == 0 ? c.input(0)
                    : ReductionOps.reduce(c.builder(), milOp, c.input(0), n.boolAttr("keep_dims", false), axes));
        };
    }
}
