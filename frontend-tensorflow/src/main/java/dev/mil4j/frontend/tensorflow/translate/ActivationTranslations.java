package dev.mil4j.frontend.tensorflow.translate;

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

/** Activations: ReLU family, ELU/SELU, sigmoid, tanh, softplus, softsign, softmax and log-softmax. */
final class ActivationTranslations {
    /** SELU's constants (Klambauer et al.), as TensorFlow uses them. */
    private static final double SELU_ALPHA = 1.6732632423543772;
    private static final double SELU_SCALE = 1.0507009873554805;

    private ActivationTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                TfTranslations.of("Elu", (n, c) -> one(elu(c.builder(), c.input(0), 1.0))),
                TfTranslations.of("LeakyRelu", (n, c) -> one(c.builder().op("leaky_relu").input("x", c.input(0))
                        .input("alpha", Emit.scalarLike(c.input(0), n.floatAttr("alpha", 0.2f))).output())),
                TfTranslations.of("LogSoftmax", ActivationTranslations::logSoftmax),
                TfTranslations.of("Relu", unary("relu")),
                TfTranslations.of("Relu6", unary("relu6")),
                TfTranslations.of("Selu", (n, c) -> one(Emit.mulScalar(c.builder(),
                        elu(c.builder(), c.input(0), SELU_ALPHA), SELU_SCALE))),
                TfTranslations.of("Sigmoid", unary("sigmoid")),
                TfTranslations.of("Softmax", (n, c) -> one(c.builder().op("softmax").input("x", c.input(0))
                        .input("axis", TensorValue.scalar(-1)).output())),
                TfTranslations.of("Softplus", unary("softplus")),
                TfTranslations.of("Softsign", unary("softsign")),
                TfTranslations.of("Tanh", unary("tanh")));
    }

    private static Var elu(Builder b, Var x, double alpha) {
        return b.op("elu").input("x", x).input("alpha", Emit.scalarLike(x, alpha)).output();
    }

    /** {@code x - log(sum(exp(x)))} over the last axis, as {@code sub(x, reduce_log_sum_exp(x, [-1], keep))}. */
    private static List<Var> logSoftmax(TfNode n, TfTranslationContext c) {
        Var x = c.input(0);
        Var lse = c.builder().op("reduce_log_sum_exp").input("x", x).input("axes", TensorValue.vector(-1))
                .input("keep_dims", TensorValue.scalar(true)).output();
        return one(Emit.binary(c.builder(), "sub", x, lse));
    }
}
