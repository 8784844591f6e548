package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.inPlace;
import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.of;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.frontend.pytorch.TorchTranslation;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.ops.MathOps;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Elementwise arithmetic, comparisons, unary math and clamp.
 */
final class ElementwiseTranslations {
    private ElementwiseTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                of("aten::abs", unary(MathOps::abs), "aten::abs_"),
                inPlace("aten::add", ElementwiseTranslations::addOrSub),
                of("aten::ceil", unary(MathOps::ceil)),
                inPlace("aten::clamp", ElementwiseTranslations::clamp, "aten::clip", "aten::clip_"),
                inPlace("aten::clamp_max", (n, c) -> List.of(bound(c, c.tensor(0, "self"), "minimum", 1, "max"))),
                inPlace("aten::clamp_min", (n, c) -> List.of(bound(c, c.tensor(0, "self"), "maximum", 1, "min"))),
                of("aten::cos", unary(MathOps::cos)),
                inPlace("aten::div", ElementwiseTranslations::div, "aten::true_divide"),
                of("aten::eq", compare(MathOps::equal)),
                of("aten::erf", unary(MathOps::erf)),
                inPlace("aten::exp", unary(MathOps::exp)),
                of("aten::floor", unary(MathOps::floor)),
                inPlace("aten::floor_divide", binary(MathOps::floorDiv), "aten::floordiv"),
                of("aten::ge", compare(MathOps::greaterEqual)),
                of("aten::gt", compare(MathOps::greater)),
                of("aten::le", compare(MathOps::lessEqual)),
                inPlace("aten::log", unary(MathOps::log)),
                inPlace("aten::log2", unary((b, x) -> MathOps.mul(b, MathOps.log(b, x), 1 / Math.log(2)))),
                inPlace("aten::log10", unary((b, x) -> MathOps.mul(b, MathOps.log(b, x), 1 / Math.log(10)))),
                inPlace("aten::__and__", bitwise(MathOps::logicalAnd), "aten::bitwise_and"),
                inPlace("aten::__or__", bitwise(MathOps::logicalOr), "aten::bitwise_or"),
                inPlace("aten::__xor__", bitwise(MathOps::logicalXor), "aten::bitwise_xor"),
                of("aten::logical_and", compare(MathOps::logicalAnd)),
                of("aten::logical_not", (n, c) -> List.of(MathOps.logicalNot(c.builder(),
                        c.cast(c.tensor(0, "self"), DType.BOOL)))),
                of("aten::logical_or", compare(MathOps::logicalOr)),
                of("aten::lt", compare(MathOps::less)),
                of("aten::maximum", binary(MathOps::maximum)),
                of("aten::minimum", binary(MathOps::minimum)),
                inPlace("aten::mul", binary(MathOps::mul), "aten::multiply"),
                of("aten::ne", compare(MathOps::notEqual)),
                inPlace("aten::neg", ElementwiseTranslations::neg, "aten::negative"),
                inPlace("aten::pow", (n, c) -> {
                    List<Var> xy = Operands.binary(c, c.input(0, "self").orElseThrow(),
                            c.input(1, "exponent").orElseThrow());
                    return List.of(MathOps.pow(c.builder(), xy.get(0), xy.get(1)));
                }),
                // MIL's inverse adds an epsilon (1e-4 by default): 1 / 64 came out 0.0156248 and a detection model's
                // resize to 64 * (64 * (1 / 64)) rows made 63; torch's reciprocal has none
                inPlace("aten::reciprocal", unary((b, x) -> MathOps.inverse(b, x, 0))),
                inPlace("aten::remainder", binary(MathOps::mod), "aten::fmod"),
                of("aten::round", unary(MathOps::round)),
                inPlace("aten::rsqrt", unary(MathOps::rsqrt)),
                of("aten::rsub", (n, c) -> {
                    List<Var> xy = Operands.binary(c);
                    Var scaled = alpha(c, xy.get(0));
                    return List.of(MathOps.sub(c.builder(), xy.get(1), scaled));
                }),
                of("aten::sign", unary(MathOps::sign)),
                of("aten::sin", unary(MathOps::sin)),
                inPlace("aten::sqrt", unary(MathOps::sqrt)),
                of("aten::square", unary(MathOps::square)),
                inPlace("aten::sub", ElementwiseTranslations::addOrSub, "aten::subtract"));
    }

    interface Unary {
        Var apply(Builder b, Var x);
    }

    interface Binary {
        Var apply(Builder b, Var x, Var y);
    }

    static TorchTranslation unary(Unary op) {
        return (n, c) -> {
            Var x = c.tensor(0, "self");
            if (!x.tensorType().dtype().isFloat()) {
                x = c.cast(x, DType.FP32);
            }
            return List.of(op.apply(c.builder(), x));
        };
    }

    static TorchTranslation binary(Binary op) {
        return (n, c) -> {
            List<Var> xy = Operands.binary(c);
            return List.of(op.apply(c.builder(), xy.get(0), xy.get(1)));
        };
    }

    /**
     * {@code x & y}, {@code x | y}, {@code x ^ y} of bool tensors (masks: {@code keep = (w >= s) & (h >= s)}) are
     * MIL's logical ops; MIL has no bitwise arithmetic on integers, so integer operands are refused.
     */
    private static TorchTranslation bitwise(Binary op) {
        return (n, c) -> {
            List<Var> xy = Operands.binary(c);
            for (Var v : xy) {
                if (v.tensorType().dtype() != DType.BOOL) {
                    throw c.error("`" + n.kind() + "` of " + v.tensorType().dtype() + " tensors: MIL has bitwise "
                            + "logic on bool tensors only (no integer bitwise ops)");
                }
            }
            return List.of(op.apply(c.builder(), xy.get(0), xy.get(1)));
        };
    }

    private static TorchTranslation compare(Binary op) {
        return binary(op);
    }

    /** {@code add(x, y, alpha)} is {@code x + alpha * y}; {@code sub} likewise. */
    private static List<Var> addOrSub(TorchNode n, TorchTranslationContext c) {
        List<Var> xy = Operands.binary(c);
        Var y = alpha(c, xy.get(1));
        boolean add = n.kind().startsWith("aten::add");
        return List.of(add ? MathOps.add(c.builder(), xy.get(0), y) : MathOps.sub(c.builder(), xy.get(0), y));
    }

    private static Var alpha(TorchTranslationContext c, Var y) {
        double alpha = c.doubleValue(2, "alpha", 1.0);
        return alpha == 1.0 ? y : MathOps.mul(c.builder(), y, c.scalar(alpha, y.tensorType().dtype()));
    }

    private static List<Var> div(TorchNode n, TorchTranslationContext c) {
        List<Var> xy = Operands.binary(c);
        String mode = c.stringValue(2, "rounding_mode").orElse("");
        switch (mode) {
            case "floor" -> {
                return List.of(MathOps.floorDiv(c.builder(), xy.get(0), xy.get(1)));
            }
            case "trunc" -> {
                List<Var> f = Operands.floats(c, xy);
                Var q = MathOps.realDiv(c.builder(), f.get(0), f.get(1));
                Var t = MathOps.mul(c.builder(), MathOps.sign(c.builder(), q),
                        MathOps.floor(c.builder(), MathOps.abs(c.builder(), q)));
                return List.of(c.cast(t, xy.get(0).tensorType().dtype()));
            }
            default -> {
                List<Var> f = Operands.floats(c, xy);
                return List.of(MathOps.realDiv(c.builder(), f.get(0), f.get(1)));
            }
        }
    }

    private static List<Var> neg(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        return List.of(MathOps.mul(c.builder(), x, c.scalar(-1, x.tensorType().dtype())));
    }

    /** {@code clamp(x, min, max)}: {@code clip} for floats with both bounds, else maximum/minimum. */
    private static List<Var> clamp(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        boolean hasMin = c.isPresent(1, "min");
        boolean hasMax = c.isPresent(2, "max");
        if (x.tensorType().dtype().isFloat() && hasMin && hasMax && c.knownNumber(c.input(1, "min").get())
                .isPresent() && c.knownNumber(c.input(2, "max").get()).isPresent()) {
            return List.of(MathOps.clip(c.builder(), x, c.doubleValue(1, "min"), c.doubleValue(2, "max")));
        }
        Var y = x;
        if (hasMin) {
            y = bound(c, y, "maximum", 1, "min");
        }
        if (hasMax) {
            y = bound(c, y, "minimum", 2, "max");
        }
        return List.of(y);
    }

    private static Var bound(TorchTranslationContext c, Var x, String op, int position, String keyword) {
        List<Var> xy = Operands.binary(c, x, c.input(position, keyword).orElseThrow());
        BiFunction<Var, Var, Var> f = op.equals("maximum") ? (a, b) -> MathOps.maximum(c.builder(), a, b)
                : (a, b) -> MathOps.minimum(c.builder(), a, b);
        return f.apply(xy.get(0), xy.get(1));
    }
}
