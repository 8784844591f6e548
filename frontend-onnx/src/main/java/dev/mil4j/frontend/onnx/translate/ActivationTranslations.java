package dev.mil4j.frontend.onnx.translate;

import static dev.mil4j.frontend.onnx.OnnxTranslation.unary;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslation;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.ops.ActivationOps;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ReductionOps;
import dev.mil4j.ops.TensorOps;
import java.util.List;

/**
 * Activations: {@code Relu}, {@code Sigmoid}, {@code Tanh}, parametric ones, {@code Clip} (attributes before opset
 * 11, inputs after), {@code Softmax} and {@code LogSoftmax} (2-D coercion before opset 13, one axis after) and
 * {@code Gelu} (ONNX Runtime's {@code com.microsoft} domain; ONNX's own {@code Gelu} arrives with opset 20).
 */
final class ActivationTranslations {
    private ActivationTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                OnnxTranslations.of("Clip", 6, (n, c) -> List.of(clip(c, c.input(0),
                        n.floatAttribute("min", -Float.MAX_VALUE), n.floatAttribute("max", Float.MAX_VALUE)))),
                OnnxTranslations.of("Clip", 11, ActivationTranslations::clip11),
                OnnxTranslations.of("Celu", 12, (n, c) -> {
                    double alpha = n.floatAttribute("alpha", 1f);
                    Builder b = c.builder();
                    return List.of(MathOps.mul(b, ActivationOps.elu(b, MathOps.mul(b, c.input(0), 1 / alpha), 1),
                            alpha));
                }),
                OnnxTranslations.of("Elu", 6, (n, c) -> List.of(ActivationOps.elu(c.builder(), c.input(0),
                        n.floatAttribute("alpha", 1f)))),
                OnnxTranslations.contribution("com.microsoft", "Gelu", 1, unary(ActivationOps::gelu)),
                OnnxTranslations.of("Gelu", 20, (n, c) -> List.of(ActivationOps.gelu(c.builder(), c.input(0),
                        switch (n.stringAttribute("approximate", "none")) {
                            case "none" -> "EXACT";
                            case "tanh" -> "TANH_APPROXIMATION";
                            default -> throw c.error("has approximate `" + n.stringAttribute("approximate", "")
                                    + "`; ONNX defines `none` and `tanh`");
                        }))),
                OnnxTranslations.of("HardSigmoid", 6, (n, c) -> List.of(ActivationOps.sigmoidHard(c.builder(),
                        c.input(0), n.floatAttribute("alpha", 0.2f), n.floatAttribute("beta", 0.5f)))),
                OnnxTranslations.of("Hardmax", 1, hardmax(false)),
                OnnxTranslations.of("Hardmax", 13, hardmax(true)),
                OnnxTranslations.of("HardSwish", 14, (n, c) -> {
                    Var x = c.input(0);
                    Var gate = ActivationOps.sigmoidHard(c.builder(), x, 1.0 / 6, 0.5);
                    return List.of(MathOps.mul(c.builder(), x, gate));
                }),
                OnnxTranslations.of("LeakyRelu", 6, (n, c) -> List.of(ActivationOps.leakyRelu(c.builder(),
                        c.input(0), n.floatAttribute("alpha", 0.01f)))),
                OnnxTranslations.of("LogSoftmax", 1, softmax(true, false)),
                OnnxTranslations.of("LogSoftmax", 13, softmax(true, true)),
                OnnxTranslations.of("PRelu", 9, ActivationTranslations::prelu),
                OnnxTranslations.of("Relu", 6, unary(ActivationOps::relu)),
                OnnxTranslations.of("Selu", 6, (n, c) -> List.of(MathOps.mul(c.builder(), ActivationOps.elu(
                        c.builder(), c.input(0), n.floatAttribute("alpha", 1.67326319217681884765625f)),
                        n.floatAttribute("gamma", 1.05070102214813232421875f)))),
                OnnxTranslations.of("Shrink", 9, ActivationTranslations::shrink),
                OnnxTranslations.of("Sigmoid", 6, unary(ActivationOps::sigmoid)),
                OnnxTranslations.of("Softmax", 1, softmax(false, false)),
                OnnxTranslations.of("Softmax", 13, softmax(false, true)),
                OnnxTranslations.of("Softplus", 1, unary(ActivationOps::softplus)),
                OnnxTranslations.of("Softsign", 1, unary(ActivationOps::softsign)),
                OnnxTranslations.of("Tanh", 6, unary(MathOps::tanh)),
                // ONNX keeps x only above alpha (MIL's thresholded_relu keeps x == alpha too)
                OnnxTranslations.of("ThresholdedRelu", 10, (n, c) -> {
                    Builder b = c.builder();
                    Var x = c.input(0);
                    DType d = x.tensorType().dtype();
                    return List.of(TensorOps.select(b, MathOps.greater(b, x, b.constant(TensorValue.fromDoubles(d,
                            Shape.scalar(), n.floatAttribute("alpha", 1f)))), x,
                            b.constant(TensorValue.fromDoubles(d, Shape.scalar(), 0))));
                }));
    }

    /** {@code clip} for floats ({@code relu} when only the lower bound 0 is given), maximum/minimum for integers. */
    private static Var clip(OnnxTranslationContext c, Var x, double min, double max) {
        Builder b = c.builder();
        if (!x.tensorType().dtype().isFloat()) {
            Var y = x;
            if (min > Integer.MIN_VALUE) {
                y = MathOps.maximum(b, y, min);
            }
            if (max < Integer.MAX_VALUE) {
                y = MathOps.minimum(b, y, max);
            }
            return y;
        }
        if (min == 0 && max >= Float.MAX_VALUE) {
            return ActivationOps.relu(b, x);
        }
        return MathOps.clip(b, x, min, max);
    }

    /** Clip with {@code min}/{@code max} inputs: constant ones as attributes, run-time ones as maximum/minimum. */
    private static List<Var> clip11(OnnxNode n, OnnxTranslationContext c) {
        boolean runtime = c.hasInput(1) && c.constInput(1).isEmpty() || c.hasInput(2) && c.constInput(2).isEmpty();
        if (!runtime) {
            return List.of(clip(c, c.input(0), c.hasInput(1) ? c.constInput(1, "min").getDouble(0) : -Float.MAX_VALUE,
                    c.hasInput(2) ? c.constInput(2, "max").getDouble(0) : Float.MAX_VALUE));
        }
        Var y = c.input(0);
        if (c.hasInput(1)) {
            y = MathOps.maximum(c.builder(), y, c.input(1));
        }
        if (c.hasInput(2)) {
            y = MathOps.minimum(c.builder(), y, c.input(2));
        }
        return List.of(y);
    }

    /** {@code x + bias} below {@code -lambd}, {@code x - bias} above {@code lambd}, 0 between. */
    private static List<Var> shrink(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
        Var x = c.input(0);
        double lambd = n.floatAttribute("lambd", 0.5f);
        double bias = n.floatAttribute("bias", 0f);
        Var zero = b.constant(TensorValue.fromDoubles(x.tensorType().dtype(), Shape.scalar(), 0));
        Var high = TensorOps.select(b, MathOps.greater(b, x, b.constant(TensorValue.fromDoubles(x.tensorType()
                .dtype(), Shape.scalar(), lambd))), MathOps.add(b, x, -bias), zero);
        return List.of(TensorOps.select(b, MathOps.less(b, x, b.constant(TensorValue.fromDoubles(x.tensorType()
                .dtype(), Shape.scalar(), -lambd))), MathOps.add(b, x, bias), high));
    }

    /** One-hot of the (first) maximum along an axis; before opset 13 only when the axis is the last. */
    private static OnnxTranslation hardmax(boolean singleAxis) {
        return (n, c) -> {
            Var x = c.input(0);
            int rank = x.tensorType().rank();
            int axis = c.axis(n.intAttribute("axis", singleAxis ? -1 : 1), rank);
            if (!singleAxis && axis != rank - 1) {
                throw c.error("coerces its input to 2-D at axis " + axis + " (before opset 13); only the last axis "
                        + "is supported", "export at opset 13 or later");
            }
            Builder b = c.builder();
            Var index = ReductionOps.reduceArgmax(b, x, axis, false);
            Dim d = x.tensorType().shape().dim(axis);
            Var depth = d.isKnown() ? b.constant(TensorValue.scalar((int) d.size()))
                    : TensorOps.gather(b, MathOps.shape(b, x), b.constant(TensorValue.scalar(axis)), 0);
            Var hot = TensorOps.oneHot(b, index, depth, axis, 1f, 0f);
            return List.of(x.tensorType().dtype() == hot.tensorType().dtype() ? hot
                    : MathOps.cast(b, hot, x.tensorType().dtype()));
        };
    }

    private static List<Var> prelu(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        Var slope = c.input(1);
        Builder b = c.builder();
        // prelu(x) = relu(x) + slope * min(x, 0): exact for any broadcastable slope
        Var pos = ActivationOps.relu(b, x);
        Var neg = MathOps.minimum(b, x, 0);
        return List.of(MathOps.add(b, pos, MathOps.mul(b, neg, slope)));
    }

    /**
     * Softmax over one axis (opset 13+), or, before opset 13, over the input flattened to 2-D at {@code axis}
     * (default 1), which for the last axis is the same thing. Log-softmax is {@code x - logsumexp(x)}.
     */
    private static OnnxTranslation softmax(boolean log, boolean singleAxis) {
        return (n, c) -> {
            Var x = c.input(0);
            int rank = x.tensorType().rank();
            int axis = c.axis(n.intAttribute("axis", singleAxis ? -1 : 1), rank);
            if (singleAxis || axis == rank - 1) {
                return List.of(softmaxAxis(c.builder(), x, axis, log));
            }
            long[] shape = c.staticShape(x, "softmax over the flattened trailing axes");
            long outer = 1;
            long inner = 1;
            for (int i = 0; i < rank; i++) {
                if (i < axis) {
                    outer *= shape[i];
                } else {
                    inner *= shape[i];
                }
            }
            Var flat = TensorOps.reshape(c.builder(), x, c.ints(new long[] {outer, inner}));
            return List.of(TensorOps.reshape(c.builder(), softmaxAxis(c.builder(), flat, 1, log), c.ints(shape)));
        };
    }

    private static Var softmaxAxis(Builder b, Var x, int axis, boolean log) {
        if (!log) {
            return ActivationOps.softmax(b, x, axis);
        }
        return MathOps.sub(b, x, ReductionOps.reduceLogSumExp(b, x, new int[] {axis}, true));
    }
}
