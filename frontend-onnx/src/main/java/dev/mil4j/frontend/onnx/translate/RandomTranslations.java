package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.frontend.onnx.OnnxTypes;
import dev.mil4j.ops.MathOps;
import java.util.List;
import java.util.Optional;

/**
 * Random draws: {@code RandomUniform}, {@code RandomNormal} (shape an attribute), {@code RandomUniformLike},
 * {@code RandomNormalLike} (the input's shape) as MIL's {@code random_uniform} and {@code random_normal}, and
 * {@code Bernoulli} as {@code random_uniform < p}. The {@code seed} attribute (a float in ONNX) becomes MIL's int32
 * seed; without it every run draws anew. Core ML's generator is not ONNX Runtime's, so seeded values differ from
 * theirs: only the distribution, shape and dtype carry over.
 */
final class RandomTranslations {
    private RandomTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                OnnxTranslations.of("Bernoulli", 15, RandomTranslations::bernoulli),
                OnnxTranslations.of("RandomNormal", 1, (n, c) -> draw(n, c, attributeShape(n, c), true,
                        Optional.empty())),
                OnnxTranslations.of("RandomNormalLike", 1, (n, c) -> draw(n, c, MathOps.shape(c.builder(),
                        c.input(0)), true, Optional.of(c.input(0).tensorType().dtype()))),
                OnnxTranslations.of("RandomUniform", 1, (n, c) -> draw(n, c, attributeShape(n, c), false,
                        Optional.empty())),
                OnnxTranslations.of("RandomUniformLike", 1, (n, c) -> draw(n, c, MathOps.shape(c.builder(),
                        c.input(0)), false, Optional.of(c.input(0).tensorType().dtype()))));
    }

    private static Var attributeShape(OnnxNode n, OnnxTranslationContext c) {
        long[] shape = n.intsAttribute("shape").orElseThrow(() -> c.error("has no shape"));
        return c.builder().constant(TensorValue.vector(c.ints(shape)));
    }

    /** A uniform ({@code low}, {@code high}) or normal ({@code mean}, {@code scale}) draw of the given shape. */
    private static List<Var> draw(OnnxNode n, OnnxTranslationContext c, Var shape, boolean normal,
            Optional<DType> like) {
        Builder b = c.builder();
        Var y = normal
                ? MathOps.randomNormal(b, shape, n.floatAttribute("mean", 0f), n.floatAttribute("scale", 1f), seed(n))
                : MathOps.randomUniform(b, shape, n.floatAttribute("low", 0f), n.floatAttribute("high", 1f), seed(n));
        return List.of(cast(c, b, y, n, like.orElse(DType.FP32)));
    }

    /** {@code Bernoulli(p)}: 1 where a uniform draw on [0, 1) is below {@code p}, else 0. */
    private static List<Var> bernoulli(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
        Var p = c.input(0);
        if (p.tensorType().dtype() != DType.FP32) {
            p = MathOps.cast(b, p, DType.FP32);
        }
        Var u = MathOps.randomUniform(b, MathOps.shape(b, p), 0f, 1f, seed(n));
        return List.of(cast(c, b, MathOps.cast(b, MathOps.less(b, u, p), DType.FP32), n,
                c.input(0).tensorType().dtype()));
    }

    private static int seed(OnnxNode n) {
        return n.hasAttribute("seed") ? (int) n.floatAttribute("seed", 0f) : -1;
    }

    /** {@code y} in the {@code dtype} attribute's type ({@code fallback} without it). */
    private static Var cast(OnnxTranslationContext c, Builder b, Var y, OnnxNode n, DType fallback) {
        DType d = fallback;
        if (n.hasAttribute("dtype")) {
            int type = (int) n.intAttribute("dtype", 1);
            d = OnnxTypes.computeDtype(type).orElseThrow(() -> c.error("has dtype " + OnnxTypes.name(type)
                    + ", which has no MIL equivalent"));
        }
        return d == y.tensorType().dtype() ? y : MathOps.cast(b, y, d);
    }
}
