package dev.mil4j.frontend.tensorflow.translate;

import static dev.mil4j.frontend.tensorflow.TfTranslation.binary;
import static dev.mil4j.frontend.tensorflow.TfTranslation.unary;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.List;
import java.util.Optional;

/**
 * Elementwise binary, comparison, logical and unary math ops, {@code ClipByValue}, and the elementwise choice
 * {@code Select}/{@code SelectV2}.
 */
final class ElementwiseTranslations {
    private ElementwiseTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                TfTranslations.of("Abs", unary(MathOps::abs)),
                TfTranslations.of("Acos", unary(MathOps::acos)),
                TfTranslations.of("Add", binary(MathOps::add), "AddV2"),
                TfTranslations.of("Asin", unary(MathOps::asin)),
                TfTranslations.of("Atan", unary(MathOps::atan)),
                TfTranslations.of("Atanh", unary(MathOps::atanh)),
                TfTranslations.of("Ceil", unary(MathOps::ceil)),
                TfTranslations.of("ClipByValue", ElementwiseTranslations::clipByValue),
                TfTranslations.of("Cos", unary(MathOps::cos)),
                TfTranslations.of("Cosh", unary(MathOps::cosh)),
                TfTranslations.of("Equal", binary(MathOps::equal)),
                TfTranslations.of("Erf", unary(MathOps::erf)),
                TfTranslations.of("Exp", unary(MathOps::exp)),
                TfTranslations.of("Floor", unary(MathOps::floor)),
                TfTranslations.of("FloorDiv", binary(MathOps::floorDiv)),
                TfTranslations.of("FloorMod", binary(MathOps::mod)),
                TfTranslations.of("Greater", binary(MathOps::greater)),
                TfTranslations.of("GreaterEqual", binary(MathOps::greaterEqual)),
                TfTranslations.of("Less", binary(MathOps::less)),
                TfTranslations.of("LessEqual", binary(MathOps::lessEqual)),
                TfTranslations.of("Log", unary(MathOps::log)),
                TfTranslations.of("LogicalAnd", binary(MathOps::logicalAnd)),
                TfTranslations.of("LogicalNot", unary(MathOps::logicalNot)),
                TfTranslations.of("LogicalOr", binary(MathOps::logicalOr)),
                TfTranslations.of("Maximum", binary(MathOps::maximum)),
                TfTranslations.of("Minimum", binary(MathOps::minimum)),
                TfTranslations.of("Mul", binary(MathOps::mul)),
                TfTranslations.of("Neg", (n, c) -> List.of(MathOps.mul(c.builder(), c.input(0), -1))),
                TfTranslations.of("NotEqual", binary(MathOps::notEqual)),
                TfTranslations.of("Pow", binary(MathOps::pow)),
                TfTranslations.of("RealDiv", binary(MathOps::realDiv), "Div"),
                TfTranslations.of("Reciprocal", unary(MathOps::reciprocal), "Inv"),
                TfTranslations.of("Round", unary(MathOps::round)),
                TfTranslations.of("Rsqrt", unary(MathOps::rsqrt)),
                TfTranslations.of("Select", ElementwiseTranslations::select),
                TfTranslations.of("SelectV2", (n, c) -> List.of(TensorOps.select(c.builder(), c.input(0), c.input(1),
                        c.input(2)))),
                TfTranslations.of("Sign", unary(MathOps::sign)),
                TfTranslations.of("Sin", unary(MathOps::sin)),
                TfTranslations.of("Sinh", unary(MathOps::sinh)),
                TfTranslations.of("Sqrt", unary(MathOps::sqrt)),
                TfTranslations.of("Square", unary(MathOps::square)),
                TfTranslations.of("SquaredDifference", ElementwiseTranslations::squaredDifference),
                TfTranslations.of("Sub", binary(MathOps::sub)),
                TfTranslations.of("Tan", unary(MathOps::tan)));
    }

    /** {@code (x - y)^2} as {@code d = sub(x, y); mul(d, d)}. */
    private static List<Var> squaredDifference(TfNode n, TfTranslationContext c) {
        Builder b = c.builder();
        Var d = MathOps.sub(b, c.input(0), c.input(1));
        return List.of(MathOps.mul(b, d, d));
    }

    /** {@code clip} when the bounds are constant scalars of a float tensor, else {@code minimum(maximum(x, lo), hi)}. */
    private static List<Var> clipByValue(TfNode n, TfTranslationContext c) {
        Var x = c.input(0);
        Optional<TensorValue> lo = c.constInput(1);
        Optional<TensorValue> hi = c.constInput(2);
        if (x.tensorType().dtype().isFloat() && lo.isPresent() && hi.isPresent() && lo.get().isScalar()
                && hi.get().isScalar()) {
            return List.of(MathOps.clip(c.builder(), x, lo.get().scalarDouble(), hi.get().scalarDouble()));
        }
        Var low = MathOps.maximum(c.builder(), x, c.input(1));
        return List.of(MathOps.minimum(c.builder(), low, c.input(2)));
    }

    /** TensorFlow 1's {@code Select}: a rank-1 condition picks whole rows, so it is expanded to x's rank first. */
    private static List<Var> select(TfNode n, TfTranslationContext c) {
        Var cond = c.input(0);
        Var a = c.input(1);
        int extra = a.tensorType().rank() - cond.tensorType().rank();
        if (cond.tensorType().rank() == 1 && extra > 0) {
            int[] axes = new int[extra];
            for (int i = 0; i < extra; i++) {
                axes[i] = i + 1;
            }
            cond = TensorOps.expandDims(c.builder(), cond, axes);
        }
        return List.of(TensorOps.select(c.builder(), cond, a, c.input(2)));
    }
}
