package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.of;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ReductionOps;
import java.util.List;

/**
 * The value tests scripted code checks its results with ({@code assert bool(torch.isfinite(y).all())}):
 * {@code isnan} ({@code x != x}), {@code isinf} ({@code |x| == inf}), {@code isfinite} (neither; always true for
 * integers), and {@code all}/{@code any} over every element or along one dim, as bools.
 */
final class PredicateTranslations {
    private PredicateTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                of("aten::isnan", (n, c) -> List.of(isNan(c, c.tensor(0, "self")))),
                of("aten::isinf", (n, c) -> List.of(isInf(c, c.tensor(0, "self")))),
                of("aten::isfinite", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    if (!x.tensorType().dtype().isFloat()) {
                        return List.of(MathOps.equal(c.builder(), x, x));
                    }
                    return List.of(MathOps.logicalNot(c.builder(), MathOps.logicalOr(c.builder(), isNan(c, x),
                            isInf(c, x))));
                }),
                of("aten::all", (n, c) -> List.of(reduce(n, c, true))),
                of("aten::any", (n, c) -> List.of(reduce(n, c, false))));
    }

    private static Var isNan(TorchTranslationContext c, Var x) {
        return MathOps.notEqual(c.builder(), x, x);
    }

    private static Var isInf(TorchTranslationContext c, Var x) {
        if (!x.tensorType().dtype().isFloat()) {
            return MathOps.notEqual(c.builder(), x, x);
        }
        return MathOps.equal(c.builder(), MathOps.abs(c.builder(), x),
                c.scalar(Double.POSITIVE_INFINITY, x.tensorType().dtype()));
    }

    /** {@code all(x)} / {@code any(x)} (every element), or {@code all(x, dim, keepdim)}: a min or max of 0/1. */
    private static Var reduce(TorchNode n, TorchTranslationContext c, boolean all) {
        Var x = c.tensor(0, "self");
        int rank = x.tensorType().rank();
        int[] axes;
        boolean keep = false;
        if (c.isPresent(1, "dim")) {
            long d = c.intValue(1, "dim");
            axes = new int[] {(int) (d < 0 ? d + rank : d)};
            keep = c.boolValue(2, "keepdim", false);
        } else {
            axes = new int[rank];
            for (int i = 0; i < rank; i++) {
                axes[i] = i;
            }
        }
        Var ones = x.tensorType().dtype() == DType.BOOL ? c.cast(x, DType.INT32)
                : c.cast(MathOps.notEqual(c.builder(), x, c.scalar(0, x.tensorType().dtype())), DType.INT32);
        Var r = rank == 0 ? ones : all ? ReductionOps.reduceMin(c.builder(), ones, axes, keep)
                : ReductionOps.reduceMax(c.builder(), ones, axes, keep);
        return MathOps.greater(c.builder(), r, c.scalar(0, DType.INT32)); // a comparison: bool on both targets
    }
}
