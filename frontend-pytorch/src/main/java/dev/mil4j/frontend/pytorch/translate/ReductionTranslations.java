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

/**
 * Reductions over dims: mean, sum, prod, amax/amin, max/min (with indices), argmax/argmin, logsumexp, vector norms.
 */
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
                of("aten::linalg_vector_norm", ReductionTranslations::norm),
                of("aten::mean", reduce(ReductionOps::reduceMean)),
                of("aten::norm", ReductionTranslations::norm),
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
        return axes(c, x, 1);
    }

    /** The {@code dim} input at {@code position}: every dim when it is absent, {@code None} or empty. */
    private static int[] axes(TorchTranslationContext c, Var x, int position) {
        if (!c.isPresent(position, "dim")) {
            return all(x);
        }
        int[] dims = c.intArray(position, "dim");
        return dims.length == 0 ? all(x) : dims;
    }

    private static int[] all(Var x) {
        int[] axes = new int[x.tensorType().rank()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        return axes;
    }

    /**
     * {@code norm(x, p=2, dim=None, keepdim=False)} ({@code torch.norm}, {@code F.normalize}) and
     * {@code linalg_vector_norm(x, ord=2, dim=None, keepdim=False)}: the p-norm over the dims (every dim when none
     * are given): {@code reduce_l2_norm} and {@code reduce_l1_norm} for 2 and 1, the largest or smallest magnitude
     * for infinite p, the count of non-zeros for 0, else {@code sum(|x|^p)^(1/p)}.
     */
    private static List<Var> norm(TorchNode n, TorchTranslationContext c) {
        Builder b = c.builder();
        Var x = c.tensor(0, "self");
        if (!x.tensorType().dtype().isFloat()) {
            x = c.cast(x, DType.FP32);
        }
        double p = c.doubleValue(1, n.kind().equals("aten::norm") ? "p" : "ord", 2.0);
        int[] axes = axes(c, x, 2);
        boolean keep = c.boolValue(3, "keepdim", false);
        DType dtype = x.tensorType().dtype();
        if (p == 2) {
            return List.of(ReductionOps.reduceL2Norm(b, x, axes, keep));
        }
        if (p == 1) {
            return List.of(ReductionOps.reduceL1Norm(b, x, axes, keep));
        }
        if (Double.isInfinite(p)) {
            Var magnitude = MathOps.abs(b, x);
            return List.of(p > 0 ? ReductionOps.reduceMax(b, magnitude, axes, keep)
                    : ReductionOps.reduceMin(b, magnitude, axes, keep));
        }
        if (p == 0) {
            Var nonZero = c.cast(MathOps.notEqual(b, x, c.scalar(0, dtype)), dtype);
            return List.of(ReductionOps.reduceSum(b, nonZero, axes, keep));
        }
        Var powered = MathOps.pow(b, MathOps.abs(b, x), c.scalar(p, dtype));
        return List.of(MathOps.pow(b, ReductionOps.reduceSum(b, powered, axes, keep), c.scalar(1 / p, dtype)));
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
            // min(x, other) of two tensors (one output) against min(x, dim) (values and indices): a 0-d tensor
            // whose value is known (clip_boxes_to_image's width) is still a tensor, not a dim
            boolean tensorForm = second instanceof TorchValue.Ref && n.outputs().size() == 1
                    && n.inputs().size() == 2 && n.keywords().isEmpty();
            if (tensorForm || second instanceof TorchValue.Ref r && !c.knownNumber(r).isPresent()
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
