package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.ElementwiseTranslations.unary;
import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.inPlace;
import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.of;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ReductionOps;
import dev.mil4j.ops.ActivationOps;
import java.util.List;

/** Activations, softmax and log_softmax. */
final class ActivationTranslations {
    private ActivationTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                inPlace("aten::elu", (n, c) -> List.of(ActivationOps.elu(c.builder(), c.tensor(0, "self"),
                        c.doubleValue(1, "alpha", 1.0)))),
                of("aten::gelu", ActivationTranslations::gelu),
                inPlace("aten::hardsigmoid", (n, c) -> List.of(ActivationOps.sigmoidHard(c.builder(), c.tensor(0, "self"),
                        1.0 / 6, 0.5))),
                inPlace("aten::hardswish", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    return List.of(MathOps.mul(c.builder(), x, ActivationOps.sigmoidHard(c.builder(), x, 1.0 / 6, 0.5)));
                }),
                inPlace("aten::hardtanh", (n, c) -> List.of(MathOps.clip(c.builder(), c.tensor(0, "self"),
                        c.doubleValue(1, "min_val", -1.0), c.doubleValue(2, "max_val", 1.0)))),
                inPlace("aten::leaky_relu", (n, c) -> List.of(ActivationOps.leakyRelu(c.builder(), c.tensor(0, "self"),
                        c.doubleValue(1, "negative_slope", 0.01)))),
                of("aten::log_softmax", ActivationTranslations::logSoftmax),
                inPlace("aten::relu", unary(ActivationOps::relu)),
                of("aten::relu6", unary(ActivationOps::relu6)),
                inPlace("aten::sigmoid", unary(ActivationOps::sigmoid)),
                inPlace("aten::silu", unary(ActivationOps::silu)),
                of("aten::softmax", (n, c) -> List.of(ActivationOps.softmax(c.builder(), c.tensor(0, "self"),
                        (int) c.intValue(1, "dim")))),
                of("aten::softplus", (n, c) -> List.of(ActivationOps.softplus(c.builder(), c.tensor(0, "self")))),
                inPlace("aten::tanh", unary(MathOps::tanh)));
    }

    /** {@code gelu(x, approximate='none'|'tanh')}. */
    private static List<Var> gelu(TorchNode n, TorchTranslationContext c) {
        String approximate = c.stringValue(1, "approximate").orElse("none");
        String mode = switch (approximate) {
            case "none" -> "EXACT";
            case "tanh" -> "TANH_APPROXIMATION";
            default -> throw c.error("gelu approximation '" + approximate + "' is unknown; use 'none' or 'tanh'");
        };
        return List.of(ActivationOps.gelu(c.builder(), c.tensor(0, "self"), mode));
    }

    /** {@code log_softmax(x, dim)} = {@code x - logsumexp(x, dim, keepdim)}. */
    private static List<Var> logSoftmax(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        int dim = (int) c.intValue(1, "dim");
        Var lse = ReductionOps.reduceLogSumExp(c.builder(), x, new int[] {dim}, true);
        return List.of(MathOps.sub(c.builder(), x, lse));
    }
}
