package dev.mil4j.frontend.onnx.translate;

import static dev.mil4j.frontend.onnx.OnnxTranslation.binary;
import static dev.mil4j.frontend.onnx.OnnxTranslation.unary;

import dev.mil4j.converter.spi.OpEmitters;
import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
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
                OnnxTranslations.of("Add", 7, binary(MathOps::add)),
                OnnxTranslations.of("And", 7, binary(MathOps::logicalAnd)),
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
                        throw c.error("fmod=1 (C fmod, sign of the dividend) is not supported",
                                "MIL's mod follows the divisor's sign (fmod=0)");
                    }
                    return List.of(MathOps.mod(c.builder(), c.input(0), c.input(1)));
                }),
                OnnxTranslations.of("Mul", 7, binary(MathOps::mul)),
                OnnxTranslations.of("Neg", 6, (n, c) -> List.of(MathOps.mul(c.builder(), c.input(0), -1))),
                OnnxTranslations.of("Not", 1, unary(MathOps::logicalNot)),
                OnnxTranslations.of("Or", 7, binary(MathOps::logicalOr)),
                OnnxTranslations.of("Pow", 7, binary(MathOps::pow)),
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
