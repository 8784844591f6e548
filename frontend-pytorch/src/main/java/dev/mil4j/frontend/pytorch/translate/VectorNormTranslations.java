package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.of;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.ops.ReductionOps;
import java.util.List;

/**
 * Vector norms as {@code F.normalize} calls them (swin v2's cosine attention): {@code norm(x, p, dim, keepdim)} and
 * {@code linalg_vector_norm(x, ord, dim, keepdim)} with {@code p} 1 or 2 over the given dims (every dim when none
 * are given), as MIL's {@code reduce_l1_norm} / {@code reduce_l2_norm}.
 */
final class VectorNormTranslations {
    private VectorNormTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(of("aten::norm", VectorNormTranslations::norm, "aten::linalg_vector_norm"));
    }

    private static List<Var> norm(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        int rank = x.tensorType().rank();
        double p = c.isPresent(1, "p") ? c.doubleValue(1, "p") : 2;
        int[] axes;
        if (c.isPresent(2, "dim")) {
            axes = c.intArray(2, "dim");
            for (int i = 0; i < axes.length; i++) {
                axes[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
            }
        } else {
            axes = new int[rank];
            for (int i = 0; i < rank; i++) {
                axes[i] = i;
            }
        }
        boolean keep = c.boolValue(3, "keepdim", false);
        if (p == 2) {
            return List.of(ReductionOps.reduceL2Norm(c.builder(), x, axes, keep));
        }
        if (p == 1) {
            return List.of(ReductionOps.reduceL1Norm(c.builder(), x, axes, keep));
        }
        throw c.error("`" + n.kind() + "` of order " + p + " is not supported; orders 1 and 2 are");
    }
}
