package dev.mil4j.frontend.tensorflow.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import dev.mil4j.ops.NnOps;
import java.util.List;
import java.util.Optional;

/**
 * Normalization of NHWC tensors on MIL's channels-first ops: {@code FusedBatchNorm}, {@code FusedBatchNormV3}
 * (inference mode) and {@code LRN}.
 */
final class NormTranslations {
    private NormTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                TfTranslations.of("FusedBatchNorm", NormTranslations::fusedBatchNorm, "FusedBatchNormV3"),
                TfTranslations.of("LRN", NormTranslations::lrn));
    }

    /**
     * TensorFlow: {@code x / (bias + alpha * sum(x^2 over 2r+1 channels))^beta}; MIL's {@code local_response_norm}
     * divides alpha by the window size, so alpha is scaled by it.
     */
    private static List<Var> lrn(TfNode n, TfTranslationContext c) {
        int size = (int) (2 * n.intAttr("depth_radius", 5) + 1);
        float alpha = n.floatAttr("alpha", 1f) * size;
        return List.of(Layouts.inChannelsFirst(n, c, c.input(0), x -> NnOps.localResponseNorm(c.builder(), x, size,
                alpha, n.floatAttr("beta", 0.5f), n.floatAttr("bias", 1f))));
    }

    /** Inference-mode batch norm; outputs y and the given mean and variance as TensorFlow's batch statistics. */
    private static List<Var> fusedBatchNorm(TfNode n, TfTranslationContext c) {
        if (n.boolAttr("is_training", true)) {
            throw c.error("is in training mode (is_training=true)", "freeze the graph for inference "
                    + "(Keras: call the model with training=False before saving)");
        }
        Var mean = c.input(3);
        Var variance = c.input(4);
        Var y = Layouts.inChannelsFirst(n, c, c.input(0), v -> NnOps.batchNorm(c.builder(), v, mean, variance,
                Optional.of(c.input(1)), Optional.of(c.input(2)), n.floatAttr("epsilon", 1e-4f)));
        return List.of(y, mean, variance, mean, variance, variance);
    }
}
