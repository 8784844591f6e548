package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.inPlace;
import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.of;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.frontend.pytorch.graph.TorchValue;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.List;

/**
 * The functional forms of in-place writes, which the graph builder's functionalization emits
 * ({@code dev.mil4j.frontend.pytorch.graph.Functionalizer}): the written tensor's new value ({@code fill_},
 * {@code copy_}, {@code zero_}, {@code index_put_}), and a parent's new value from its view's
 * ({@code slice_scatter}, {@code select_scatter}, {@code reshape_as}). Each result has the written tensor's shape
 * and dtype. Slices are written back as a concatenation of the untouched parts and the new slice (a {@code scatter}
 * for strided slices), which every target holds and which folds when the values are constants.
 */
final class WriteTranslations {
    private WriteTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                of("aten::fill_", WriteTranslations::fill, "aten::fill"),
                of("aten::copy_", (n, c) -> List.of(broadcastTo(c, c.tensor(1, "src"), c.tensor(0, "self")))),
                of("aten::zero_", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    return List.of(Fills.fill(c, Fills.shapeOf(c, x), 0, x.tensorType().dtype()));
                }),
                of("aten::index_put_", WriteTranslations::indexPut, "aten::index_put"),
                inPlace("aten::scatter", (n, c) -> List.of(scatter(n, c, "update"))),
                inPlace("aten::scatter_add", (n, c) -> List.of(scatter(n, c, "add"))),
                of("aten::slice_scatter", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    int axis = Shapes.axis(c, c.intValue(2, "dim", 0), x.tensorType().rank());
                    return List.of(sliceScatter(c, x, c.tensor(1, "src"), axis, c.intValue(3, "start", 0),
                            c.intValue(4, "end", Long.MAX_VALUE), c.intValue(5, "step", 1)));
                }),
                of("aten::select_scatter", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    int axis = Shapes.axis(c, c.intValue(2, "dim"), x.tensorType().rank());
                    long index = c.intValue(3, "index");
                    Dim size = x.tensorType().shape().dim(axis);
                    if (index < 0 && !size.isKnown()) {
                        throw c.error("`aten::select_scatter` with a negative index needs the size of dim " + axis);
                    }
                    long i = index < 0 ? index + size.size() : index;
                    Var src = TensorOps.expandDims(c.builder(), c.tensor(1, "src"), axis);
                    return List.of(sliceScatter(c, x, src, axis, i, i + 1, 1));
                }),
                of("aten::reshape_as", (n, c) -> List.of(TensorOps.reshape(c.builder(), c.tensor(0, "self"),
                        Fills.shapeOf(c, c.tensor(1, "other")))), "aten::view_as"),
                of("aten::alias", (n, c) -> List.of(c.tensor(0, "self"))));
    }

    /** {@code fill_(self, value)}: {@code self}'s shape and dtype, every element {@code value} (a number or tensor). */
    private static List<Var> fill(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        TorchValue value = c.input(1, "value").orElseThrow(() -> c.error("`aten::fill_` needs a value"));
        return c.knownNumber(value).map(v -> List.of(Fills.fill(c, Fills.shapeOf(c, x), v, x.tensorType().dtype())))
                .orElseGet(() -> List.of(broadcastTo(c, c.var(value), x)));
    }

    /** {@code src} in {@code like}'s dtype, broadcast to {@code like}'s shape (as {@code copy_} writes it). */
    static Var broadcastTo(TorchTranslationContext c, Var src, Var like) {
        DType dtype = like.tensorType().dtype();
        Var s = c.cast(src, dtype);
        if (s.tensorType().shape().equals(like.tensorType().shape()) && like.tensorType().shape().isStatic()) {
            return s;
        }
        Var zeros = Fills.fill(c, Fills.shapeOf(c, like), 0, dtype);
        return dtype == DType.BOOL ? MathOps.logicalOr(c.builder(), zeros, s) : MathOps.add(c.builder(), zeros, s);
    }

    /**
     * {@code x} with {@code x[start:end:step]} along {@code axis} replaced by {@code src}: the parts before and after
     * the slice concatenated around it for a unit step, else a {@code scatter} at the slice's indices. Bounds are
     * normalized as {@code slice} does; the dim's size must be known unless the slice runs to the end from a
     * non-negative start.
     */
    static Var sliceScatter(TorchTranslationContext c, Var x, Var src, int axis, long start, long end, long step) {
        Dim dim = x.tensorType().shape().dim(axis);
        Var update = c.cast(src, x.tensorType().dtype());
        if (!dim.isKnown()) {
            if (start < 0 || end < Integer.MAX_VALUE || step != 1) {
                throw c.error("writing to a slice of dim " + axis + " needs that dim's size known at conversion "
                        + "time (give the input a fixed shape), or a slice from a non-negative start to the end");
            }
            return start == 0 ? update : TensorOps.concat(c.builder(),
                    List.of(TensorOps.sliceAlong(c.builder(), x, axis, 0, (int) start), update), axis);
        }
        long size = dim.size();
        long s = Math.min(Math.max(start < 0 ? start + size : start, 0), size);
        long e = Math.min(Math.max(end < 0 ? end + size : end, s), size);
        if (step == 1) {
            List<Var> parts = new ArrayList<>();
            if (s > 0) {
                parts.add(TensorOps.sliceAlong(c.builder(), x, axis, 0, (int) s));
            }
            if (e > s) {
                parts.add(update);
            }
            if (e < size) {
                parts.add(TensorOps.sliceAlong(c.builder(), x, axis, (int) e, (int) size));
            }
            return parts.size() == 1 ? parts.get(0) : TensorOps.concat(c.builder(), parts, axis);
        }
        if (step < 1) {
            throw c.error("slice step must be positive, got " + step);
        }
        int[] indices = new int[(int) ((e - s + step - 1) / step)];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = (int) (s + i * step);
        }
        return TensorOps.scatter(c.builder(), x, c.builder().constant(TensorValue.vector(indices)), update, axis,
                "update");
    }

    /**
     * {@code index_put_(self, indices, values, accumulate)}, {@code self[indices] = values}: a bool mask of
     * {@code self}'s shape (values broadcast where it is true), or one integer index tensor at one dim
     * ({@code scatter} there; {@code accumulate} adds).
     */
    private static List<Var> indexPut(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        if (!(c.input(1, "indices").orElseThrow() instanceof TorchValue.Sequence seq)) {
            throw c.error("`aten::index_put_` needs a list of index tensors");
        }
        boolean accumulate = c.boolValue(3, "accumulate", false);
        int dim = -1;
        for (int i = 0; i < seq.items().size(); i++) {
            if (!(seq.items().get(i) instanceof TorchValue.Literal l && l.isNone())) {
                if (dim >= 0) {
                    throw c.error("`aten::index_put_` is supported with one index tensor (or bool mask), got "
                            + seq);
                }
                dim = i;
            }
        }
        if (dim < 0) {
            throw c.error("`aten::index_put_` needs an index tensor");
        }
        Var index = c.var(seq.items().get(dim));
        Var values = c.tensor(2, "values");
        DType idx = index.tensorType().dtype();
        if (idx == DType.BOOL || idx == DType.UINT8) {
            if (dim != 0 || index.tensorType().rank() != x.tensorType().rank()
                    || values.tensorType().shape().elementCount().orElse(2) != 1) {
                throw c.error("`aten::index_put_` with a bool mask is supported for a mask of self's rank and one "
                        + "value (self[mask] = v); got a mask of shape " + index.tensorType().shape()
                        + " and values of shape " + values.tensorType().shape());
            }
            Var v = broadcastTo(c, TensorOps.reshape(c.builder(), values, new int[0]), x);
            Var mask = c.cast(index, DType.BOOL);
            Var written = accumulate ? MathOps.add(c.builder(), x, v) : v;
            return List.of(TensorOps.select(c.builder(), mask, written, x));
        }
        Var i = c.cast(index, DType.INT32);
        if (i.tensorType().rank() == 0) {
            i = TensorOps.expandDims(c.builder(), i, 0);
        } else if (i.tensorType().rank() != 1) {
            throw c.error("`aten::index_put_` is supported with a 1-d index tensor, got rank "
                    + i.tensorType().rank());
        }
        Var like = TensorOps.gather(c.builder(), x, i, dim);
        return List.of(TensorOps.scatter(c.builder(), x, i, broadcastTo(c, values, like), dim,
                accumulate ? "add" : "update"));
    }

    /**
     * {@code scatter(self, dim, index, src)} (or a number {@code value}), {@code scatter_add}: MIL's
     * {@code scatter_along_axis}, which takes updates of the index's shape (PyTorch reads {@code src} only where the
     * index reaches; a larger {@code src} is refused); a {@code reduce} argument is refused.
     */
    private static Var scatter(TorchNode n, TorchTranslationContext c, String mode) {
        Var x = c.tensor(0, "self");
        int axis = Shapes.axis(c, c.intValue(1, "dim"), x.tensorType().rank());
        Var index = c.cast(c.tensor(2, "index"), DType.INT32);
        if (c.isPresent(4, "reduce")) {
            throw c.error("`" + n.kind() + "` with a reduce argument is not supported; use scatter_add or "
                    + "scatter_reduce");
        }
        TorchValue source = c.input(3, "src").or(() -> c.input(3, "value")).orElseThrow();
        Var updates;
        if (c.knownNumber(source).isPresent() && !(source instanceof TorchValue.Ref r
                && c.var(r).tensorType().rank() > 0)) {
            updates = Fills.fill(c, MathOps.shape(c.builder(), index), c.knownNumber(source).get(),
                    x.tensorType().dtype());
        } else {
            updates = c.cast(c.var(source), x.tensorType().dtype());
            if (!updates.tensorType().shape().isCompatibleWith(index.tensorType().shape())) {
                throw c.error("`" + n.kind() + "` with src " + updates.tensorType().shape() + " and index "
                        + index.tensorType().shape() + ": src must have the index's shape (slice it to the index)");
            }
        }
        return TensorOps.scatterAlongAxis(c.builder(), x, index, updates, axis, mode);
    }
}
