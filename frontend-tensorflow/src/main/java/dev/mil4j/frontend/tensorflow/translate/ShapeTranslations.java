package dev.mil4j.frontend.tensorflow.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ReductionOps;
import dev.mil4j.ops.TensorOps;
import java.util.List;

/**
 * Shapes and their queries: {@code Reshape}, {@code Transpose}, {@code Squeeze}, {@code ExpandDims}, {@code Shape},
 * {@code Size} and {@code Rank} (constant when the shape is static).
 */
final class ShapeTranslations {
    private ShapeTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                TfTranslations.of("ExpandDims", (n, c) -> List.of(TensorOps.expandDims(c.builder(), c.input(0),
                        c.constInput(1, "axis").toIntArray()))),
                TfTranslations.of("Rank", (n, c) -> List.of(c.builder().constant(
                        TensorValue.scalar(c.input(0).tensorType().rank())))),
                TfTranslations.of("Reshape", (n, c) -> List.of(TensorOps.reshape(c.builder(), c.input(0),
                        c.input(1)))),
                TfTranslations.of("Shape", (n, c) -> List.of(MathOps.shape(c.builder(), c.input(0)))),
                TfTranslations.of("Size", ShapeTranslations::size),
                TfTranslations.of("Squeeze", (n, c) -> List.of(TensorOps.squeeze(c.builder(), c.input(0),
                        c.ints(n.intsAttr("squeeze_dims").orElse(new long[0]))))),
                TfTranslations.of("Transpose", (n, c) -> List.of(TensorOps.transpose(c.builder(), c.input(0),
                        c.constInput(1, "perm").toIntArray()))));
    }

    private static List<Var> size(TfNode n, TfTranslationContext c) {
        Var x = c.input(0);
        Shape s = x.tensorType().shape();
        if (s.isStatic()) {
            return List.of(c.builder().constant(TensorValue.scalar(Math.toIntExact(s.elementCount().getAsLong()))));
        }
        return List.of(ReductionOps.reduce(c.builder(), "reduce_prod", MathOps.shape(c.builder(), x), false));
    }
}
