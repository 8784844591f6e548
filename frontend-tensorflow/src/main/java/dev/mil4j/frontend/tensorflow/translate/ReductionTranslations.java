package dev.mil4j.frontend.tensorflow.translate;

import static dev.mil4j.frontend.tensorflow.translate.Emit.one;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.tensorflow.TfTranslation;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import java.util.List;

/** Reductions ({@code Mean}, {@code Sum}, {@code Max}, {@code Min}, {@code Prod}), arg reductions, {@code L2Loss}. */
final class ReductionTranslations {
    private ReductionTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                TfTranslations.of("ArgMax", arg("reduce_argmax")),
                TfTranslations.of("ArgMin", arg("reduce_argmin")),
                TfTranslations.of("L2Loss", (n, c) -> one(Emit.mulScalar(c.builder(), c.builder()
                        .op("reduce_sum_square").input("x", c.input(0)).input("keep_dims", TensorValue.scalar(false))
                        .output(), 0.5))),
                TfTranslations.of("Max", reduce("reduce_max")),
                TfTranslations.of("Mean", reduce("reduce_mean")),
                TfTranslations.of("Min", reduce("reduce_min")),
                TfTranslations.of("Prod", reduce("reduce_prod")),
                TfTranslations.of("Sum", reduce("reduce_sum")));
    }

    /** {@code reduce_*(x, axes, keep_dims)}; the axes ({@code reduction_indices}) must be constant. */
    private static TfTranslation reduce(String milOp) {
        return (n, c) -> {
            int[] axes = Emit.constInts(c, 1, "reduction_indices");
            var op = c.builder().op(milOp).input("x", c.input(0))
                    .input("keep_dims", TensorValue.scalar(n.boolAttr("keep_dims", false)));
            if (axes.length > 0) {
                op.input("axes", TensorValue.vector(axes));
            } else {
                return one(c.input(0));
            }
            return one(op.output());
        };
    }

    /** {@code reduce_argmax/argmin(x, axis)}: int32 indices (TensorFlow's int64 narrows). */
    private static TfTranslation arg(String milOp) {
        return (n, c) -> one(c.builder().op(milOp).input("x", c.input(0))
                .input("axis", TensorValue.scalar((int) c.constInput(1, "dimension").toLongArray()[0]))
                .input("keep_dims", TensorValue.scalar(false)).output());
    }
}
