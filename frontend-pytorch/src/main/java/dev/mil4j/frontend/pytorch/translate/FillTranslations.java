package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.Entry.of;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.TorchTranslation;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.frontend.pytorch.graph.TorchValue;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tensors made from shapes and numbers: {@code zeros}/{@code ones}/{@code full} (and {@code _like}, {@code new_}),
 * {@code arange}, and broadcasting to a shape ({@code expand}, {@code expand_as}). A torch dtype of
 * {@code None} means the default float (fp32) for zeros and ones, and the fill value's kind for {@code full}
 * (int64, which MIL holds as int32, for an integer).
 */
final class FillTranslations {
    private FillTranslations() {
    }

    static List<TorchTranslations.Entry> entries() {
        return List.of(
                of("aten::arange", FillTranslations::arange),
                of("aten::expand", FillTranslations::expand),
                of("aten::expand_as", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    Var other = c.tensor(1, "other");
                    return List.of(expandTo(c, x, Shapes.dims(c, other, 0, other.tensorType().rank())));
                }),
                of("aten::full", (n, c) -> List.of(fill(c, c.tensor(0, "size"), c.input(1, "fill_value")
                        .orElseThrow(), dtype(c, 2, null)))),
                of("aten::full_like", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    return List.of(fill(c, shapeOf(c, x), c.input(1, "fill_value").orElseThrow(),
                            dtype(c, 2, x.tensorType().dtype())));
                }),
                of("aten::new_full", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    return List.of(fill(c, c.tensor(1, "size"), c.input(2, "fill_value").orElseThrow(),
                            dtype(c, 3, x.tensorType().dtype())));
                }),
                of("aten::new_ones", newFilled(1)),
                of("aten::new_zeros", newFilled(0)),
                of("aten::ones", filled(1)),
                of("aten::ones_like", filledLike(1)),
                of("aten::zeros", filled(0)),
                of("aten::zeros_like", filledLike(0)));
    }

    /** {@code zeros(size, dtype, layout, device, pin_memory)}. */
    private static TorchTranslation filled(double value) {
        return (n, c) -> List.of(fill(c, c.tensor(0, "size"), value, dtype(c, 1, null).orElse(DType.FP32)));
    }

    /** {@code zeros_like(x, dtype, layout, device, pin_memory, memory_format)}. */
    private static TorchTranslation filledLike(double value) {
        return (n, c) -> {
            Var x = c.tensor(0, "self");
            return List.of(fill(c, shapeOf(c, x), value, dtype(c, 1, x.tensorType().dtype()).orElseThrow()));
        };
    }

    /** {@code x.new_zeros(size, dtype, ...)}: x's dtype unless another is given. */
    private static TorchTranslation newFilled(double value) {
        return (n, c) -> {
            Var x = c.tensor(0, "self");
            return List.of(fill(c, c.tensor(1, "size"), value, dtype(c, 2, x.tensorType().dtype()).orElseThrow()));
        };
    }

    /** The dtype given at {@code position} (or keyword {@code dtype}), else {@code dflt} (empty for "infer"). */
    private static Optional<DType> dtype(TorchTranslationContext c, int position, DType dflt) {
        if (c.isPresent(position, "dtype")) {
            return Optional.of(Shapes.dtype(c, c.intValue(position, "dtype")));
        }
        return Optional.ofNullable(dflt);
    }

    private static Var shapeOf(TorchTranslationContext c, Var x) {
        return Shapes.vector(c, Shapes.dims(c, x, 0, x.tensorType().rank()));
    }

    private static Var fill(TorchTranslationContext c, Var shape, TorchValue value, Optional<DType> dtype) {
        double v = c.knownNumber(value).orElseThrow(() -> c.error("`" + c.node().kind() + "` needs a fill value "
                + "known at conversion time, got " + value));
        boolean integral = value instanceof TorchValue.Literal l && (l.value() instanceof Long
                || l.value() instanceof Boolean);
        return fill(c, shape, v, dtype.orElse(integral ? DType.INT32 : DType.FP32));
    }

    /** {@code fill} in a dtype MIL's fill holds (fp32, fp16, int32, bool), cast to {@code dtype} otherwise. */
    private static Var fill(TorchTranslationContext c, Var shape, double value, DType dtype) {
        Var s = c.cast(shape, DType.INT32);
        boolean direct = dtype == DType.FP32 || dtype == DType.FP16 || dtype == DType.INT32 || dtype == DType.BOOL;
        DType made = direct ? dtype : dtype.isFloat() ? DType.FP32 : DType.INT32;
        Var out = MathOps.fill(c.builder(), s, TensorValue.fromDoubles(made, Shape.scalar(), value));
        return c.cast(out, dtype);
    }

    /**
     * {@code arange(end)}, {@code arange(start, end)} or {@code arange(start, end, step)}, each optionally followed by
     * dtype, layout, device and pin_memory. Without a dtype the result is int64 (int32 in MIL) when every bound is
     * an integer, else fp32.
     */
    private static List<Var> arange(TorchNode n, TorchTranslationContext c) {
        int count = n.inputs().size();
        if (!n.keywords().containsKey("dtype") && count >= 5) {
            count -= 4;
        }
        if (count < 1 || count > 3) {
            throw c.error("`aten::arange` with " + n.inputs().size() + " positional inputs is not understood");
        }
        List<TorchValue> bounds = n.inputs().subList(0, count);
        TorchValue start = count == 1 ? new TorchValue.Literal(0L) : bounds.get(0);
        TorchValue end = count == 1 ? bounds.get(0) : bounds.get(1);
        TorchValue step = count == 3 ? bounds.get(2) : new TorchValue.Literal(1L);
        boolean integral = true;
        for (TorchValue v : List.of(start, end, step)) {
            integral &= isIntegral(c, v);
        }
        DType work = integral ? DType.INT32 : DType.FP32;
        Optional<DType> given = n.keywords().containsKey("dtype") && c.isPresent(-1, "dtype")
                ? Optional.of(Shapes.dtype(c, c.intValue(-1, "dtype")))
                : n.inputs().size() == count + 4 && c.isPresent(count, "dtype")
                ? Optional.of(Shapes.dtype(c, c.intValue(count, "dtype"))) : Optional.empty();
        Var range = MathOps.range1d(c.builder(), scalar(c, start, work), scalar(c, end, work),
                scalar(c, step, work));
        return List.of(c.cast(range, given.orElse(work)));
    }

    private static boolean isIntegral(TorchTranslationContext c, TorchValue v) {
        if (v instanceof TorchValue.Literal l) {
            return l.value() instanceof Long;
        }
        return !c.var(v).tensorType().dtype().isFloat();
    }

    private static Var scalar(TorchTranslationContext c, TorchValue v, DType dtype) {
        Var x = c.cast(c.var(v), dtype);
        return x.tensorType().rank() == 0 ? x : TensorOps.reshape(c.builder(), x, new int[0]);
    }

    /** {@code expand(x, sizes)}: size -1 keeps a dim; dims of size 1 repeat; new leading dims are added. */
    private static List<Var> expand(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        TorchValue sizes = c.input(1, "size").orElseThrow(() -> c.error("`aten::expand` needs its sizes"));
        if (!(sizes instanceof TorchValue.Sequence seq)) {
            throw c.error("`aten::expand` sizes must be a list, got " + sizes);
        }
        List<Var> target = new ArrayList<>();
        int lead = seq.items().size() - x.tensorType().rank();
        for (int i = 0; i < seq.items().size(); i++) {
            TorchValue item = seq.items().get(i);
            Optional<Double> known = c.knownNumber(item);
            if (known.isPresent() && known.get() == -1) {
                if (i < lead) {
                    throw c.error("`aten::expand` size -1 for new leading dim " + i + " is not allowed");
                }
                target.add(Shapes.dims(c, x, i - lead, i - lead + 1).get(0));
            } else {
                target.add(c.cast(c.var(item), DType.INT32));
            }
        }
        return List.of(expandTo(c, x, target));
    }

    /** {@code x} broadcast to the dims {@code target} (as many or more than x has) by a tile of its size-1 dims. */
    private static Var expandTo(TorchTranslationContext c, Var x, List<Var> target) {
        int rank = target.size();
        int have = x.tensorType().rank();
        if (have > rank) {
            throw c.error("cannot expand a tensor of rank " + have + " to rank " + rank);
        }
        Var y = x;
        if (have < rank) {
            int[] axes = new int[rank - have];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = i;
            }
            y = TensorOps.expandDims(c.builder(), x, axes);
        }
        Shape s = y.tensorType().shape();
        List<Var> reps = new ArrayList<>();
        boolean any = false;
        for (int i = 0; i < rank; i++) {
            Dim d = s.dim(i);
            Optional<TensorValue> t = target.get(i).value();
            if (d.isKnown() && d.size() == 1 && !(t.isPresent() && t.get().scalarLong() == 1)) {
                reps.add(target.get(i));
                any = true;
            } else {
                if (d.isKnown() && t.isPresent() && t.get().scalarLong() != d.size()) {
                    throw c.error("cannot expand dim " + i + " of size " + d.size() + " to " + t.get().scalarLong());
                }
                reps.add(c.builder().constant(TensorValue.scalar(1)));
            }
        }
        if (!any) {
            return y;
        }
        Var r = Shapes.vector(c, reps);
        return r.value().isPresent() ? TensorOps.tile(c.builder(), y, r.value().get().toIntArray())
                : TensorOps.tile(c.builder(), y, r);
    }
}
