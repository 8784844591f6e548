package dev.mil4j.frontend.onnx.translate;

import static dev.mil4j.frontend.onnx.translate.Emit.one;
import static dev.mil4j.frontend.onnx.translate.Emit.scalarLike;
import static dev.mil4j.frontend.onnx.translate.Emit.unary;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslation;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import java.util.List;

/**
 * Activations: {@code Relu}, {@code Sigmoid}, {@code Tanh}, parametric ones, {@code Clip} (attributes before opset
 * 11, inputs after), {@code Softmax} and {@code LogSoftmax} (2-D coercion before opset 13, one axis after) and
 * {@code Gelu} (ONNX Runtime's {@code com.microsoft} domain; ONNX's own {@code Gelu} arrives with opset 20).
 */
final class ActivationTranslations {
    private ActivationTranslations() {
    }

    static List<Builtin> all() {
        return List.of(
                Builtin.of("Clip", 6, (n, c) -> one(clip(c, c.input(0),
                        n.floatAttribute("min", -Float.MAX_VALUE), n.floatAttribute("max", Float.MAX_VALUE)))),
                Builtin.of("Clip", 11, (n, c) -> one(clip(c, c.input(0),
                        c.hasInput(1) ? c.constInput(1, "min").getDouble(0) : -Float.MAX_VALUE,
                        c.hasInput(2) ? c.constInput(2, "max").getDouble(0) : Float.MAX_VALUE))),
                Builtin.of("Elu", 6, (n, c) -> one(c.builder().op("elu").input("x", c.input(0))
                        .input("alpha", scalarLike(c.input(0), n.floatAttribute("alpha", 1f))).output())),
                new Builtin("com.microsoft", "Gelu", 1, ElementwiseTranslations.unaryOp("gelu")),
                Builtin.of("HardSigmoid", 6, (n, c) -> one(c.builder().op("sigmoid_hard").input("x", c.input(0))
                        .input("alpha", scalarLike(c.input(0), n.floatAttribute("alpha", 0.2f)))
                        .input("beta", scalarLike(c.input(0), n.floatAttribute("beta", 0.5f))).output())),
                Builtin.of("HardSwish", 14, (n, c) -> {
                    Var x = c.input(0);
                    Var gate = c.builder().op("sigmoid_hard").input("x", x).input("alpha", scalarLike(x, 1.0 / 6))
                            .input("beta", scalarLike(x, 0.5)).output();
                    return one(Emit.binary(c.builder(), "mul", x, gate));
                }),
                Builtin.of("LeakyRelu", 6, (n, c) -> one(c.builder().op("leaky_relu").input("x", c.input(0))
                        .input("alpha", scalarLike(c.input(0), n.floatAttribute("alpha", 0.01f))).output())),
                Builtin.of("LogSoftmax", 1, softmax(true, false)),
                Builtin.of("LogSoftmax", 13, softmax(true, true)),
                Builtin.of("PRelu", 9, ActivationTranslations::prelu),
                Builtin.of("Relu", 6, ElementwiseTranslations.unaryOp("relu")),
                Builtin.of("Sigmoid", 6, ElementwiseTranslations.unaryOp("sigmoid")),
                Builtin.of("Softmax", 1, softmax(false, false)),
                Builtin.of("Softmax", 13, softmax(false, true)),
                Builtin.of("Softplus", 1, ElementwiseTranslations.unaryOp("softplus")),
                Builtin.of("Softsign", 1, ElementwiseTranslations.unaryOp("softsign")),
                Builtin.of("Tanh", 6, ElementwiseTranslations.unaryOp("tanh")),
                Builtin.of("ThresholdedRelu", 10, (n, c) -> one(c.builder().op("thresholded_relu")
                        .input("x", c.input(0)).input("alpha", scalarLike(c.input(0), n.floatAttribute("alpha", 1f)))
                        .output())));
    }

    /** {@code clip} for floats ({@code relu} when only the lower bound 0 is given), maximum/minimum for integers. */
    private static Var clip(OnnxTranslationContext c, Var x, double min, double max) {
        Builder b = c.builder();
        if (!Emit.isFloat(x)) {
            Var y = x;
            if (min > Integer.MIN_VALUE) {
                y = b.op("maximum").input("x", y).input("y", scalarLike(x, min)).output();
            }
            if (max < Integer.MAX_VALUE) {
                y = b.op("minimum").input("x", y).input("y", scalarLike(x, max)).output();
            }
            return y;
        }
        if (min == 0 && max >= Float.MAX_VALUE) {
            return unary(b, "relu", x);
        }
        return b.op("clip").input("x", x).input("alpha", scalarLike(x, min)).input("beta", scalarLike(x, max))
                .output();
    }

    private static List<Var> prelu(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        Var slope = c.input(1);
        Builder b = c.builder();
        // prelu(x) = relu(x) + slope * min(x, 0): exact for any broadcastable slope
        Var pos = unary(b, "relu", x);
        Var neg = b.op("minimum").input("x", x).input("y", scalarLike(x, 0)).output();
        return one(Emit.binary(b, "add", pos, Emit.binary(b, "mul", neg, slope)));
    }

    /**
     * Softmax over one axis (opset 13+), or, before opset 13, over the input flattened to 2-D at {@code axis}
     * (default 1), which for the last axis is the same thing. Log-softmax is {@code x - logsumexp(x)}.
     */
    private static OnnxTranslation softmax(boolean log, boolean singleAxis) {
        return (n, c) -> {
            Var x = c.input(0);
            int rank = Emit.rank(x);
            int axis = Emit.axis(c, n.intAttribute("axis", singleAxis ? -1 : 1), rank);
            if (singleAxis || axis == rank - 1) {
                return one(softmaxAxis(c.builder(), x, axis, log));
            }
            long[] shape = Emit.staticShape(c, x, "softmax over the flattened trailing axes");
            long outer = 1;
            long inner = 1;
            for (int i = 0; i < rank; i++) {
                if (i < axis) {
                    outer *= shape[i];
                } else {
                    inner *= shape[i];
                }
            }
            Var flat = Emit.reshape(c.builder(), x, new long[] {outer, inner});
            return one(Emit.reshape(c.builder(), softmaxAxis(c.builder(), flat, 1, log), shape));
        };
    }

    private static Var softmaxAxis(Builder b, Var x, int axis, boolean log) {
        if (!log) {
            return b.op("softmax").input("x", x).input("axis", TensorValue.scalar(axis)).output();
        }
        Var lse = b.op("reduce_log_sum_exp").input("x", x).input("axes", TensorValue.vector(axis))
                .input("keep_dims", TensorValue.scalar(true)).output();
        return Emit.binary(b, "sub", x, lse);
    }
}
