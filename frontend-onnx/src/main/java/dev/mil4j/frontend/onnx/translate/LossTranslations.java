package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ReductionOps;
import dev.mil4j.ops.TensorOps;
import java.util.List;
import java.util.Optional;

/**
 * Losses, composed of MIL ops: {@code NegativeLogLikelihoodLoss} ({@code -input[n, target[n, ...], ...]} times the
 * class weight, {@code ignore_index} masked out) and {@code SoftmaxCrossEntropyLoss} (the same over
 * {@code log_softmax} along the class axis 1, with the log-probabilities as optional second output); reductions
 * none, sum and mean (mean divides by the summed weights of the elements not ignored, as ONNX says).
 */
final class LossTranslations {
    private LossTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                OnnxTranslations.of("NegativeLogLikelihoodLoss", 12, (n, c) -> List.of(nll(n, c, c.input(0)))),
                OnnxTranslations.of("SoftmaxCrossEntropyLoss", 12, (n, c) -> {
                    Builder b = c.builder();
                    Var x = c.input(0);
                    Var logProb = MathOps.sub(b, x, ReductionOps.reduceLogSumExp(b, x, new int[] {1}, true));
                    Var loss = nll(n, c, logProb);
                    return n.outputs().size() > 1 ? List.of(loss, logProb) : List.of(loss);
                }));
    }

    /** The loss of log-probabilities {@code [N, C, d...]} against targets {@code [N, d...]} (input 1, weights 2). */
    private static Var nll(OnnxNode n, OnnxTranslationContext c, Var logProb) {
        Builder b = c.builder();
        DType dtype = logProb.tensorType().dtype();
        Var target = c.input(1);
        if (target.tensorType().dtype() != DType.INT32) {
            target = MathOps.cast(b, target, DType.INT32);
        }
        Optional<Long> ignore = n.hasAttribute("ignore_index") ? Optional.of(n.intAttribute("ignore_index", 0))
                : Optional.empty();
        Var mask = null;
        Var safeTarget = target;
        if (ignore.isPresent()) {
            Var ignored = b.constant(TensorValue.scalar((int) (long) ignore.get()));
            mask = MathOps.notEqual(b, target, ignored);
            safeTarget = TensorOps.select(b, mask, target, b.constant(TensorValue.scalar(0)));
        }
        Var picked = TensorOps.squeeze(b, TensorOps.gatherAlongAxis(b, logProb, TensorOps.expandDims(b, safeTarget,
                1), 1), 1);
        Var indices = safeTarget;
        Var w = c.optionalInput(2).map(weights -> TensorOps.gather(b, weights, indices, 0)).orElse(null);
        if (mask != null) {
            Var m = MathOps.cast(b, mask, dtype);
            w = w == null ? m : MathOps.mul(b, w, m);
        }
        Var loss = MathOps.mul(b, picked, -1);
        if (w != null) {
            loss = MathOps.mul(b, loss, w);
        }
        String reduction = n.stringAttribute("reduction", "mean");
        int rank = loss.tensorType().rank();
        int[] all = new int[rank];
        for (int i = 0; i < rank; i++) {
            all[i] = i;
        }
        return switch (reduction) {
            case "none" -> loss;
            case "sum" -> ReductionOps.reduceSum(b, loss, all, false);
            case "mean" -> w == null ? ReductionOps.reduceMean(b, loss, all, false)
                    : MathOps.realDiv(b, ReductionOps.reduceSum(b, loss, all, false),
                            ReductionOps.reduceSum(b, w, all, false));
            default -> throw c.error("has reduction `" + reduction + "`", "ONNX allows none, sum and mean");
        };
    }
}
