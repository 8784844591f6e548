package dev.mil4j.frontend.onnx.translate;

import static dev.mil4j.frontend.onnx.OnnxTranslation.binary;
import static dev.mil4j.frontend.onnx.OnnxTranslation.unary;

import dev.mil4j.converter.spi.OpEmitters;
import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxTranslation;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.List;

/**
 * Elementwise ONNX ops: arithmetic, comparisons and logic (broadcasting like MIL's), unary math, and
 * {@code Where}. Integer {@code Div} becomes {@code floor_div} (equal to ONNX's truncation for non-negative values,
 * the shape arithmetic exporters emit).
 */
final class ElementwiseTranslations {
    private ElementwiseTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                OnnxTranslations.of("Abs", 6, unary(MathOps::abs)),
                OnnxTranslations.of("Acos", 7, unary(MathOps::acos)),
                OnnxTranslations.of("Acosh", 9, unary((b, x) -> MathOps.log(b, MathOps.add(b, x,
                        MathOps.sqrt(b, MathOps.add(b, MathOps.square(b, x), -1)))))),
                OnnxTranslations.of("Asin", 7, unary(MathOps::asin)),
                OnnxTranslations.of("Asinh", 9, unary((b, x) -> MathOps.log(b, MathOps.add(b, x,
                        MathOps.sqrt(b, MathOps.add(b, MathOps.square(b, x), 1)))))),
                OnnxTranslations.of("Atan", 7, unary(MathOps::atan)),
                OnnxTranslations.of("Atanh", 9, unary(MathOps::atanh)),
                OnnxTranslations.of("Cosh", 9, unary(MathOps::cosh)),
                OnnxTranslations.of("IsInf", 10, (n, c) -> {
                    Var x = c.input(0);
                    Builder b = c.builder();
                    Var pos = MathOps.equal(b, x, scalar(b, x, Double.POSITIVE_INFINITY));
                    Var neg = MathOps.equal(b, x, scalar(b, x, Double.NEGATIVE_INFINITY));
                    boolean detectPos = n.intAttribute("detect_positive", 1) != 0;
                    boolean detectNeg = n.intAttribute("detect_negative", 1) != 0;
                    return List.of(detectPos && detectNeg ? MathOps.logicalOr(b, pos, neg)
                            : detectPos ? pos : detectNeg ? neg : MathOps.logicalAnd(b, pos, neg));
                }),
                OnnxTranslations.of("IsNaN", 9, unary((b, x) -> MathOps.notEqual(b, x, x))),
                OnnxTranslations.of("Mean", 8, (n, c) -> {
                    Var sum = variadic(MathOps::add).translate(n, c).get(0);
                    return List.of(MathOps.mul(c.builder(), sum, 1.0 / c.inputCount()));
                }),
                OnnxTranslations.of("Sinh", 9, unary(MathOps::sinh)),
                OnnxTranslations.of("Add", 7, binary(MathOps::add)),
                OnnxTranslations.of("And", 7, binary(MathOps::logicalAnd)),
                OnnxTranslations.of("BitShift", 11, (n, c) -> {
                    // unsigned shifts as multiplication and floor division by 2^y (the values widened to int32)
                    Builder b = c.builder();
                    Var x = c.input(0);
                    Var p = MathOps.cast(b, MathOps.pow(b, b.constant(TensorValue.scalar(2f)),
                            MathOps.cast(b, c.input(1), DType.FP32)), x.tensorType().dtype());
                    String direction = n.stringAttribute("direction", "");
                    return switch (direction) {
                        case "LEFT" -> List.of(MathOps.mul(b, x, p));
                        case "RIGHT" -> List.of(MathOps.floorDiv(b, x, p));
                        default -> throw c.error("has direction `" + direction + "`", "ONNX allows LEFT and RIGHT");
                    };
                }),
                OnnxTranslations.of("Ceil", 6, unary(MathOps::ceil)),
                OnnxTranslations.of("Cos", 7, unary(MathOps::cos)),
                OnnxTranslations.of("Div", 7, (n, c) -> {
                    Var x = c.input(0);
                    return List.of(x.tensorType().dtype().isFloat() ? MathOps.realDiv(c.builder(), x, c.input(1))
                            : MathOps.floorDiv(c.builder(), x, c.input(1)));
                }),
                OnnxTranslations.of("Equal", 7, binary(MathOps::equal)),
                OnnxTranslations.of("Erf", 9, unary(MathOps::erf)),
                OnnxTranslations.of("Exp", 6, unary(MathOps::exp)),
                OnnxTranslations.of("Floor", 6, unary(MathOps::floor)),
                OnnxTranslations.of("Greater", 7, binary(MathOps::greater)),
                OnnxTranslations.of("GreaterOrEqual", 12, binary(MathOps::greaterEqual)),
                OnnxTranslations.of("Less", 7, binary(MathOps::less)),
                OnnxTranslations.of("LessOrEqual", 12, binary(MathOps::lessEqual)),
                OnnxTranslations.of("Log", 6, unary(MathOps::log)),
                OnnxTranslations.of("Max", 8, variadic(MathOps::maximum)),
                OnnxTranslations.of("Min", 8, variadic(MathOps::minimum)),
                OnnxTranslations.of("Mod", 10, (n, c) -> {
                    if (n.intAttribute("fmod", 0) != 0) {
                        return List.of(fmod(c.builder(), c.input(0), c.input(1)));
                    }
                    return List.of(MathOps.mod(c.builder(), c.input(0), c.input(1)));
                }),
                OnnxTranslations.of("Mul", 7, binary(MathOps::mul)),
                OnnxTranslations.of("Neg", 6, (n, c) -> List.of(MathOps.mul(c.builder(), c.input(0), -1))),
                OnnxTranslations.of("Not", 1, unary(MathOps::logicalNot)),
                OnnxTranslations.of("Or", 7, binary(MathOps::logicalOr)),
                OnnxTranslations.of("Pow", 7, (n, c) -> {
                    // ONNX's result has the base's type; MIL's pow takes one type: the exponent is cast to it
                    Var x = c.input(0);
                    Var y = c.input(1);
                    DType d = x.tensorType().dtype();
                    return List.of(MathOps.pow(c.builder(), x, y.tensorType().dtype() == d ? y
                            : MathOps.cast(c.builder(), y, d)));
                }),
                // MIL's inverse computes 1 / (x + epsilon) with epsilon 1e-4 by default; ONNX's is exact
                OnnxTranslations.of("Reciprocal", 6, (n, c) -> List.of(MathOps.inverse(c.builder(), c.input(0), 0))),
                OnnxTranslations.of("Round", 11, unary(MathOps::round)),
                OnnxTranslations.of("Sign", 9, unary(MathOps::sign)),
                OnnxTranslations.of("Sin", 7, unary(MathOps::sin)),
                OnnxTranslations.of("Sqrt", 6, unary(MathOps::sqrt)),
                OnnxTranslations.of("Sub", 7, binary(MathOps::sub)),
                OnnxTranslations.of("Sum", 8, variadic(MathOps::add)),
                OnnxTranslations.of("Tan", 7, unary(MathOps::tan)),
                OnnxTranslations.of("Where", 9, (n, c) -> List.of(TensorOps.select(c.builder(), c.input(0),
                        c.input(1), c.input(2)))),
                OnnxTranslations.of("Xor", 7, binary(MathOps::logicalXor)));
    }

    /** C's fmod, the sign of the dividend: {@code x - y trunc(x / y)}, computed in fp32 for integers. */
    private static Var fmod(Builder b, Var x, Var y) {
        DType dtype = x.tensorType().dtype();
        Var fx = dtype.isFloat() ? x : MathOps.cast(b, x, DType.FP32);
        Var fy = dtype.isFloat() ? y : MathOps.cast(b, y, DType.FP32);
        Var q = MathOps.realDiv(b, fx, fy);
        Var trunc = MathOps.mul(b, MathOps.sign(b, q), MathOps.floor(b, MathOps.abs(b, q)));
        Var r = MathOps.sub(b, fx, MathOps.mul(b, fy, trunc));
        return dtype.isFloat() ? r : MathOps.cast(b, MathOps.round(b, r), dtype);
    }

    private static Var scalar(Builder b, Var like, double v) {
        return b.constant(TensorValue.fromDoubles(like.tensorType().dtype(), Shape.scalar(), v));
    }

    /** A left fold of a variadic op ({@code Max(a, b, c)} is {@code maximum(maximum(a, b), c)}). */
    private static OnnxTranslation variadic(OpEmitters.Binary op) {
        return (n, c) -> {
            Var acc = c.input(0);
            for (int i = 1; i < c.inputCount(); i++) {
                acc = op.emit(c.builder(), acc, c.input(i));
            }
            return List.of(acc);
        };
    }
}
