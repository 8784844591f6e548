package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.of;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.TorchTranslation;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.frontend.pytorch.graph.TorchValue;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ReductionOps;
import java.util.List;

/** Reductions over dims: mean, sum, prod, amax/amin, max/min (with indices), argmax/argmin, logsumexp. */
final class ReductionTranslations {
    private ReductionTranslations() {
    }

    interface Reduce {
        Var apply(Builder b, Var x, int[] axes, boolean keepDims);
    }

    static List<TranslationContribution> all() {
        return List.of(
                of("aten::amax", reduce(ReductionOps::reduceMax)),
                of("aten::amin", reduce(ReductionOps::reduceMin)),
                of("aten::argmax", argReduce(true)),
                of("aten::argmin", argReduce(false)),
                of("aten::logsumexp", reduce(ReductionOps::reduceLogSumExp)),
                of("aten::max", extreme(true)),
                of("aten::mean", reduce(ReductionOps::reduceMean)),
                of("aten::min", extreme(false)),
                of("aten::prod", reduce(ReductionOps::reduceProd)),
                of("aten::sum", reduce(ReductionOps::reduceSum)));
    }

    /** {@code op(x, dim=None, keepdim=False, dtype=None)}; no dims (or an empty list) reduces every dim. */
    private static TorchTranslation reduce(Reduce op) {
        return (n, c) -> {
            Var x = c.tensor(0, "self");
            if (x.tensorType().dtype() == DType.BOOL) {
                x = c.cast(x, DType.INT32);
            }
            int[] axes = axes(c, x);
            boolean keep = c.boolValue(2, "keepdim", false);
            return List.of(op.apply(c.builder(), x, axes, keep));
        };
    }

    private static int[] axes(TorchTranslationContext c, Var x) {
        if (!c.isPresent(1, "dim")) {
            return all(x);
        }
        int[] dims = c.intArray(1, "dim");
        return dims.length == 0 ? all(x) : dims;
    }

    private static int[] all(Var x) {
        int[] axes = new int[x.tensorType().rank()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        return axes;
    }

    private static TorchTranslation argReduce(boolean max) {
        return (n, c) -> {
            Var x = c.tensor(0, "self");
            boolean keep = c.boolValue(2, "keepdim", false);
            if (!c.isPresent(1, "dim")) {
                Var flat = dev.mil4j.ops.TensorOps.reshape(c.builder(), x, -1);
                return List.of(max ? ReductionOps.reduceArgmax(c.builder(), flat, 0, false)
                        : ReductionOps.reduceArgmin(c.builder(), flat, 0, false));
            }
            int axis = (int) c.intValue(1, "dim");
            return List.of(max ? ReductionOps.reduceArgmax(c.builder(), x, axis, keep)
                    : ReductionOps.reduceArgmin(c.builder(), x, axis, keep));
        };
    }

    /**
     * {@code max(x)} reduces everything; {@code max(x, other)} is elementwise; {@code max(x, dim, keepdim)} gives
     * values and indices.
     */
    private static TorchTranslation extreme(boolean max) {
        return (TorchNode n, TorchTranslationContext c) -> {
            Var x = c.tensor(0, "self");
            if (n.inputs().size() == 1 && n.keywords().isEmpty()) {
                return List.of(max ? ReductionOps.reduceMax(c.builder(), x, all(x), false)
                        : ReductionOps.reduceMin(c.builder(), x, all(x), false));
            }
            TorchValue second = c.input(1, "dim").orElseThrow();
            if (second instanceof TorchValue.Ref r && !c.knownNumber(r).isPresent()
                    || second instanceof TorchValue.Ref && c.var(second).tensorType().rank() > 0) {
                List<Var> xy = Operands.binary(c);
                return List.of(max ? MathOps.maximum(c.builder(), xy.get(0), xy.get(1))
                        : MathOps.minimum(c.builder(), xy.get(0), xy.get(1)));
            }
            int axis = (int) c.intValue(1, "dim");
            boolean keep = c.boolValue(2, "keepdim", false);
            Var values = max ? ReductionOps.reduceMax(c.builder(), x, new int[] {axis}, keep)
                    : ReductionOps.reduceMin(c.builder(), x, new int[] {axis}, keep);
            Var indices = max ? ReductionOps.reduceArgmax(c.builder(), x, axis, keep)
                    : ReductionOps.reduceArgmin(c.builder(), x, axis, keep);
            return n.outputs().size() == 1 ? List.of(values) : List.of(values, indices);
        };
    }
}
