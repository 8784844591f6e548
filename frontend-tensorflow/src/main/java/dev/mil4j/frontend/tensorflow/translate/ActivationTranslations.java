package dev.mil4j.frontend.tensorflow.translate;

import static dev.mil4j.frontend.tensorflow.TfTranslation.unary;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import dev.mil4j.ops.ActivationOps;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ReductionOps;
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
                TfTranslations.of("Elu", (n, c) -> List.of(ActivationOps.elu(c.builder(), c.input(0), 1.0))),
                TfTranslations.of("LeakyRelu", (n, c) -> List.of(ActivationOps.leakyRelu(c.builder(), c.input(0),
                        n.floatAttr("alpha", 0.2f)))),
                TfTranslations.of("LogSoftmax", ActivationTranslations::logSoftmax),
                TfTranslations.of("Relu", unary(ActivationOps::relu)),
                TfTranslations.of("Relu6", unary(ActivationOps::relu6)),
                TfTranslations.of("Selu", (n, c) -> List.of(MathOps.mul(c.builder(),
                        ActivationOps.elu(c.builder(), c.input(0), SELU_ALPHA), SELU_SCALE))),
                TfTranslations.of("Sigmoid", unary(ActivationOps::sigmoid)),
                TfTranslations.of("Softmax", (n, c) -> List.of(ActivationOps.softmax(c.builder(), c.input(0), -1))),
                TfTranslations.of("Softplus", unary(ActivationOps::softplus)),
                TfTranslations.of("Softsign", unary(ActivationOps::softsign)),
                TfTranslations.of("Tanh", unary(MathOps::tanh)));
    }

    /** {@code x - log(sum(exp(x)))} over the last axis, as {@code sub(x, reduce_log_sum_exp(x, [-1], keep))}. */
    private static List<Var> logSoftmax(TfNode n, TfTranslationContext c) {
        Var x = c.input(0);
        Var lse = ReductionOps.reduceLogSumExp(c.builder(), x, new int[] {-1}, true);
        return List.of(MathOps.sub(c.builder(), x, lse));
    }
}
