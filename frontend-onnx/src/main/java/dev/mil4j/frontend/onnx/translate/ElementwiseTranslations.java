package dev.mil4j.frontend.onnx.translate;

import static dev.mil4j.frontend.onnx.translate.Emit.binary;
import static dev.mil4j.frontend.onnx.translate.Emit.one;
import static dev.mil4j.frontend.onnx.translate.Emit.unary;

import dev.mil4j.core.ir.Var;
import dev.mil4j.frontend.onnx.OnnxTranslation;
import java.util.List;

/**
 * Elementwise ONNX ops: arithmetic, comparisons and logic (broadcasting like MIL's), unary math, and
 * {@code Where}. Integer {@code Div} becomes {@code floor_div} (equal to ONNX's truncation for non-negative values,
 * the shape arithmetic exporters emit).
 */
final class ElementwiseTranslations {
    private ElementwiseTranslations() {
    }

    static List<Builtin> all() {
        return List.of(
                Builtin.of("Abs", 6, unaryOp("abs")),
                Builtin.of("Add", 7, binaryOp("add")),
                Builtin.of("And", 7, binaryOp("logical_and")),
                Builtin.of("Ceil", 6, unaryOp("ceil")),
                Builtin.of("Cos", 7, unaryOp("cos")),
                Builtin.of("Div", 7, (n, c) -> {
                    Var x = c.input(0);
                    return one(binary(c.builder(), Emit.isFloat(x) ? "real_div" : "floor_div", x, c.input(1)));
                }),
                Builtin.of("Equal", 7, binaryOp("equal")),
                Builtin.of("Erf", 9, unaryOp("erf")),
                Builtin.of("Exp", 6, unaryOp("exp")),
                Builtin.of("Floor", 6, unaryOp("floor")),
                Builtin.of("Greater", 7, binaryOp("greater")),
                Builtin.of("GreaterOrEqual", 12, binaryOp("greater_equal")),
                Builtin.of("Less", 7, binaryOp("less")),
                Builtin.of("LessOrEqual", 12, binaryOp("less_equal")),
                Builtin.of("Log", 6, unaryOp("log")),
                Builtin.of("Max", 8, variadic("maximum")),
                Builtin.of("Min", 8, variadic("minimum")),
                Builtin.of("Mod", 10, (n, c) -> {
                    if (n.intAttribute("fmod", 0) != 0) {
                        throw c.error("fmod=1 (C fmod, sign of the dividend) is not supported",
                                "MIL's mod follows the divisor's sign (fmod=0)");
                    }
                    return one(binary(c.builder(), "mod", c.input(0), c.input(1)));
                }),
                Builtin.of("Mul", 7, binaryOp("mul")),
                Builtin.of("Neg", 6, (n, c) -> one(Emit.mulScalar(c.builder(), c.input(0), -1))),
                Builtin.of("Not", 1, unaryOp("logical_not")),
                Builtin.of("Or", 7, binaryOp("logical_or")),
                Builtin.of("Pow", 7, binaryOp("pow")),
                // MIL's inverse computes 1 / (x + epsilon) with epsilon 1e-4 by default; ONNX's is exact
                Builtin.of("Reciprocal", 6, (n, c) -> one(c.builder().op("inverse").input("x", c.input(0))
                        .input("epsilon", Emit.scalarLike(c.input(0), 0)).output())),
                Builtin.of("Round", 11, unaryOp("round")),
                Builtin.of("Sign", 9, unaryOp("sign")),
                Builtin.of("Sin", 7, unaryOp("sin")),
                Builtin.of("Sqrt", 6, unaryOp("sqrt")),
                Builtin.of("Sub", 7, binaryOp("sub")),
                Builtin.of("Sum", 8, variadic("add")),
                Builtin.of("Tan", 7, unaryOp("tan")),
                Builtin.of("Where", 9, (n, c) -> one(c.builder().op("select").input("cond", c.input(0))
                        .input("a", c.input(1)).input("b", c.input(2)).output())),
                Builtin.of("Xor", 7, binaryOp("logical_xor")));
    }

    static OnnxTranslation unaryOp(String mil) {
        return (n, c) -> one(unary(c.builder(), mil, c.input(0)));
    }

    static OnnxTranslation binaryOp(String mil) {
        return (n, c) -> one(binary(c.builder(), mil, c.input(0), c.input(1)));
    }

    /** A left fold of a variadic op ({@code Max(a, b, c)} is {@code maximum(maximum(a, b), c)}). */
    static OnnxTranslation variadic(String mil) {
        return (n, c) -> {
            Var acc = c.input(0);
            for (int i = 1; i < c.inputCount(); i++) {
                acc = binary(c.builder(), mil, acc, c.input(i));
            }
            return one(acc);
        };
    }
}
