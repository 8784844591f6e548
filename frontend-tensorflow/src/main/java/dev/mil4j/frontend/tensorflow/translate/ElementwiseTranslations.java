package dev.mil4j.frontend.tensorflow.translate;

import static dev.mil4j.frontend.tensorflow.translate.Emit.binary;
import static dev.mil4j.frontend.tensorflow.translate.Emit.one;
import static dev.mil4j.frontend.tensorflow.translate.Emit.unary;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import java.util.List;
import java.util.Optional;

/** Elementwise binary, comparison, logical and unary math ops, and {@code ClipByValue}. */
final class ElementwiseTranslations {
    private ElementwiseTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                TfTranslations.of("Abs", unary("abs")),
                TfTranslations.of("Acos", unary("acos")),
                TfTranslations.of("Add", binary("add"), "AddV2"),
                TfTranslations.of("Asin", unary("asin")),
                TfTranslations.of("Atan", unary("atan")),
                TfTranslations.of("Atanh", unary("atanh")),
                TfTranslations.of("Ceil", unary("ceil")),
                TfTranslations.of("ClipByValue", ElementwiseTranslations::clipByValue),
                TfTranslations.of("Cos", unary("cos")),
                TfTranslations.of("Cosh", unary("cosh")),
                TfTranslations.of("Equal", binary("equal")),
                TfTranslations.of("Erf", unary("erf")),
                TfTranslations.of("Exp", unary("exp")),
                TfTranslations.of("Floor", unary("floor")),
                TfTranslations.of("FloorDiv", binary("floor_div")),
                TfTranslations.of("FloorMod", binary("mod")),
                TfTranslations.of("Greater", binary("greater")),
                TfTranslations.of("GreaterEqual", binary("greater_equal")),
                TfTranslations.of("Less", binary("less")),
                TfTranslations.of("LessEqual", binary("less_equal")),
                TfTranslations.of("Log", unary("log")),
                TfTranslations.of("LogicalAnd", binary("logical_and")),
                TfTranslations.of("LogicalNot", unary("logical_not")),
                TfTranslations.of("LogicalOr", binary("logical_or")),
                TfTranslations.of("Maximum", binary("maximum")),
                TfTranslations.of("Minimum", binary("minimum")),
                TfTranslations.of("Mul", binary("mul")),
                TfTranslations.of("Neg", (n, c) -> one(Emit.mulScalar(c.builder(), c.input(0), -1))),
                TfTranslations.of("NotEqual", binary("not_equal")),
                TfTranslations.of("Pow", binary("pow")),
                TfTranslations.of("RealDiv", binary("real_div"), "Div"),
                TfTranslations.of("Reciprocal", (n, c) -> one(c.builder().op("real_div")
                        .input("x", Emit.scalarLike(c.input(0), 1)).input("y", c.input(0)).output()), "Inv"),
                TfTranslations.of("Round", unary("round")),
                TfTranslations.of("Rsqrt", unary("rsqrt")),
                TfTranslations.of("Sign", unary("sign")),
                TfTranslations.of("Sin", unary("sin")),
                TfTranslations.of("Sinh", unary("sinh")),
                TfTranslations.of("Sqrt", unary("sqrt")),
                TfTranslations.of("Square", unary("square")),
                TfTranslations.of("SquaredDifference", ElementwiseTranslations::squaredDifference),
                TfTranslations.of("Sub", binary("sub")),
                TfTranslations.of("Tan", unary("tan")));
    }

    /** {@code (x - y)^2} as {@code d = sub(x, y); mul(d, d)}. */
    private static List<Var> squaredDifference(TfNode n, TfTranslationContext c) {
        Builder b = c.builder();
        Var d = binary(b, "sub", c.input(0), c.input(1));
        return one(binary(b, "mul", d, d));
    }

    /** {@code clip} when the bounds are constant scalars of a float tensor, else {@code minimum(maximum(x, lo), hi)}. */
    private static List<Var> clipByValue(TfNode n, TfTranslationContext c) {
        Var x = c.input(0);
        Optional<TensorValue> lo = c.constInput(1);
        Optional<TensorValue> hi = c.constInput(2);
        if (Emit.dtype(x).isFloat() && lo.isPresent() && hi.isPresent() && lo.get().isScalar()
                && hi.get().isScalar()) {
            return one(c.builder().op("clip").input("x", x).input("alpha", lo.get()).input("beta", hi.get())
                    .output());
        }
        Var low = binary(c.builder(), "maximum", x, c.input(1));
        return one(binary(c.builder(), "minimum", low, c.input(2)));
    }
}
