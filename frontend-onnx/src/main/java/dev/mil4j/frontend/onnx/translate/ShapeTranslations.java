package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslation;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ReductionOps;
import dev.mil4j.ops.TensorOps;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Shapes and their queries: {@code Reshape}, {@code Flatten}, {@code Transpose}, {@code Squeeze}/{@code Unsqueeze}
 * (axes an attribute before opset 13, an input after) and {@code Shape} (with opset 15's {@code start}/{@code end}).
 */
final class ShapeTranslations {
    private ShapeTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                OnnxTranslations.of("Flatten", 1, (n, c) -> {
                    Var x = c.input(0);
                    long axis = n.intAttribute("axis", 1);
                    int rank = x.tensorType().rank();
                    if (axis < -rank || axis > rank) {
                        throw c.error("axis " + axis + " is out of range for rank " + rank);
                    }
                    return List.of(TensorOps.flatten2d(c.builder(), x, (int) (axis < 0 ? axis + rank : axis)));
                }),
                OnnxTranslations.of("Reshape", 5, ShapeTranslations::reshape),
                OnnxTranslations.of("Shape", 1, ShapeTranslations::shape),
                OnnxTranslations.of("Size", 1, (n, c) -> {
                    Var x = c.input(0);
                    var count = x.tensorType().shape().elementCount();
                    return List.of(count.isPresent() ? c.builder().constant(TensorValue.scalar((int) count.getAsLong()))
                            : ReductionOps.reduceProd(c.builder(), MathOps.shape(c.builder(), x), new int[] {0},
                                    false));
                }),
                OnnxTranslations.of("Squeeze", 1, (n, c) -> squeeze(c, n.intsAttribute("axes"))),
                OnnxTranslations.of("Squeeze", 13, (n, c) -> !c.hasInput(1) || c.constInput(1).isPresent()
                        ? squeeze(c, c.hasInput(1) ? Optional.of(c.constInput(1, "axes").toLongArray())
                                : Optional.empty())
                        : List.of(runtimeSqueeze(c, c.input(0), c.input(1)))),
                OnnxTranslations.of("Transpose", 1, (n, c) -> {
                    Var x = c.input(0);
                    int rank = x.tensorType().rank();
                    int[] perm = n.intsAttribute("perm").map(p -> c.axes(p, rank)).orElseGet(() -> {
                        int[] r = new int[rank];
                        for (int i = 0; i < rank; i++) {
                            r[i] = rank - 1 - i;
                        }
                        return r;
                    });
                    return List.of(TensorOps.transpose(c.builder(), x, perm));
                }),
                OnnxTranslations.of("Unsqueeze", 1, unsqueeze(false)),
                OnnxTranslations.of("Unsqueeze", 13, unsqueeze(true)));
    }

    private static List<Var> reshape(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        Optional<TensorValue> shape = c.constInput(1);
        if (shape.isEmpty()) {
            return List.of(TensorOps.reshape(c.builder(), x, c.input(1)));
        }
        long[] s = shape.get().toLongArray();
        boolean allowZero = n.intAttribute("allowzero", 0) != 0;
        Shape in = x.tensorType().shape();
        for (int i = 0; i < s.length; i++) {
            if (s[i] == 0 && !allowZero) {
                if (i >= in.rank() || !in.dim(i).isKnown()) {
                    throw c.error("copies dim " + i + " of the input (shape entry 0), which is "
                            + (i >= in.rank() ? "beyond its rank " + in.rank() : "symbolic (" + in.dim(i) + ")"),
                            "give the model's inputs fixed shapes when converting");
                }
                s[i] = in.dim(i).size();
            }
        }
        return List.of(TensorOps.reshape(c.builder(), x, c.ints(s)));
    }

    private static List<Var> squeeze(OnnxTranslationContext c, Optional<long[]> axes) {
        Var x = c.input(0);
        return List.of(TensorOps.squeeze(c.builder(), x,
                axes.map(a -> c.axes(a, x.tensorType().rank())).orElse(new int[0])));
    }

    private static OnnxTranslation unsqueeze(boolean axesInput) {
        return (n, c) -> {
            Var x = c.input(0);
            if (axesInput && c.constInput(1).isEmpty()) {
                return List.of(runtimeUnsqueeze(c, x, c.input(1)));
            }
            long[] axes = axesInput ? c.constInput(1, "axes").toLongArray()
                    : n.intsAttribute("axes").orElseThrow(() -> c.error("has no axes"));
            int[] a = c.axes(axes, x.tensorType().rank() + axes.length);
            Arrays.sort(a);
            return List.of(TensorOps.expandDims(c.builder(), x, a));
        };
    }

    /**
     * {@code Unsqueeze} with axes known only at run time (their number must be static): a {@code reshape} to a
     * shape computed at run time, 1 at the new axes and the input's dims in order elsewhere ({@code dims[j -
     * count of new axes up to j]}).
     */
    private static Var runtimeUnsqueeze(OnnxTranslationContext c, Var x, Var axes) {
        Builder b = c.builder();
        long count = axes.tensorType().shape().elementCount().orElseThrow(() -> c.error("has axes computed at run "
                + "time whose number is not known either", "give the axes as a constant"));
        int rank = x.tensorType().rank();
        int outRank = Math.toIntExact(rank + count);
        Var a = axes.tensorType().dtype() == DType.INT32 ? axes : MathOps.cast(b, axes, DType.INT32);
        Var zero = b.constant(TensorValue.scalar(0));
        a = TensorOps.select(b, MathOps.less(b, a, zero), MathOps.add(b, a, b.constant(TensorValue.scalar(outRank))),
                a);
        Var isNew = ReductionOps.reduceSum(b, TensorOps.oneHot(b, TensorOps.reshape(b, a, -1), outRank, -1, 1f, 0f),
                new int[] {0}, false);
        Var mask = MathOps.cast(b, isNew, DType.INT32);
        if (rank == 0) {
            return TensorOps.reshape(b, x, b.constant(TensorValue.vector(ones(outRank))));
        }
        Var positions = b.constant(TensorValue.vector(range(outRank)));
        Var source = MathOps.sub(b, positions, TensorOps.cumsum(b, mask, 0, false, false));
        source = MathOps.minimum(b, MathOps.maximum(b, source, 0), rank - 1);
        Var dims = TensorOps.gather(b, MathOps.shape(b, x), source, 0);
        Var shape = TensorOps.select(b, MathOps.greater(b, mask, zero), b.constant(TensorValue.scalar(1)), dims);
        return TensorOps.reshape(b, x, shape);
    }

    /**
     * {@code Squeeze} with axes known only at run time (their number must be static, so the output rank is): a
     * {@code reshape} to the input's dims that remain, found by an {@code argsort} that puts the kept positions first
     * in order ({@code removed * rank + position}).
     */
    static Var runtimeSqueeze(OnnxTranslationContext c, Var x, Var axes) {
        Builder b = c.builder();
        long count = axes.tensorType().shape().elementCount().orElseThrow(() -> c.error("has axes computed at run "
                + "time whose number is not known either", "give the axes as a constant"));
        int rank = x.tensorType().rank();
        int outRank = Math.toIntExact(rank - count);
        if (outRank < 0) {
            throw c.error("squeezes " + count + " axes of a rank-" + rank + " input");
        }
        Var a = axes.tensorType().dtype() == DType.INT32 ? axes : MathOps.cast(b, axes, DType.INT32);
        Var zero = b.constant(TensorValue.scalar(0));
        a = TensorOps.select(b, MathOps.less(b, a, zero), MathOps.add(b, a, b.constant(TensorValue.scalar(rank))), a);
        Var removed = MathOps.cast(b, ReductionOps.reduceSum(b, TensorOps.oneHot(b, TensorOps.reshape(b, a, -1), rank,
                -1, 1f, 0f), new int[] {0}, false), DType.INT32);
        Var key = MathOps.add(b, MathOps.mul(b, MathOps.minimum(b, removed, 1), b.constant(TensorValue.scalar(rank))),
                b.constant(TensorValue.vector(range(rank))));
        Var kept = TensorOps.sliceByIndex(b, TensorOps.argsort(b, key, 0, true), new int[] {0}, new int[] {outRank});
        if (outRank == 0) {
            return TensorOps.reshape(b, x, new int[0]);
        }
        return TensorOps.reshape(b, x, TensorOps.gather(b, MathOps.shape(b, x), kept, 0));
    }

    private static int[] ones(int n) {
        int[] v = new int[n];
        Arrays.fill(v, 1);
        return v;
    }

    private static int[] range(int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    /** {@code shape(x)}; opset 15's {@code start}/{@code end} select a range of dims. */
    private static List<Var> shape(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        Var s = MathOps.shape(c.builder(), x);
        if (!n.hasAttribute("start") && !n.hasAttribute("end")) {
            return List.of(s);
        }
        int rank = x.tensorType().rank();
        long start = n.intAttribute("start", 0);
        long end = n.intAttribute("end", rank);
        start = Math.max(0, Math.min(rank, start < 0 ? start + rank : start));
        end = Math.max(0, Math.min(rank, end < 0 ? end + rank : end));
        return List.of(TensorOps.sliceByIndex(c.builder(), s, new int[] {(int) start},
                new int[] {(int) Math.max(start, end)}));
    }
}
