package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.inPlace;
import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.of;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.frontend.pytorch.graph.TorchValue;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Indexing: {@code slice}, {@code select}, {@code narrow}, {@code gather}, {@code index} (integer index tensors and
 * bool masks), {@code index_select}, {@code embedding}, {@code masked_fill}, {@code masked_select}, {@code nonzero}
 * and {@code where} (both forms).
 */
final class IndexTranslations {
    private IndexTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                of("aten::embedding", (n, c) -> List.of(TensorOps.gather(c.builder(), c.tensor(0, "weight"),
                        c.cast(c.tensor(1, "indices"), DType.INT32), 0))),
                of("aten::gather", (n, c) -> List.of(TensorOps.gatherAlongAxis(c.builder(), c.tensor(0, "self"),
                        c.cast(c.tensor(2, "index"), DType.INT32), (int) c.intValue(1, "dim")))),
                of("aten::index", IndexTranslations::index),
                of("aten::index_select", (n, c) -> List.of(TensorOps.gather(c.builder(), c.tensor(0, "self"),
                        c.cast(c.tensor(2, "index"), DType.INT32), (int) c.intValue(1, "dim")))),
                inPlace("aten::masked_fill", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    List<Var> xv = Operands.binary(c, x, c.input(2, "value").orElseThrow());
                    return List.of(TensorOps.select(c.builder(), c.cast(c.tensor(1, "mask"), DType.BOOL),
                            xv.get(1), xv.get(0)));
                }),
                of("aten::narrow", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    int axis = Shapes.axis(c, c.intValue(1, "dim"), x.tensorType().rank());
                    long start = c.intValue(2, "start");
                    Dim size = x.tensorType().shape().dim(axis);
                    if (start < 0 && !size.isKnown()) {
                        throw c.error("`aten::narrow` with a negative start needs the size of dim " + axis);
                    }
                    long from = start < 0 ? start + size.size() : start;
                    return List.of(TensorOps.sliceAlong(c.builder(), x, axis, (int) from,
                            (int) (from + c.intValue(3, "length"))));
                }),
                of("aten::select", IndexTranslations::select),
                of("aten::slice", IndexTranslations::slice),
                of("aten::nonzero", (n, c) -> List.of(TensorOps.nonZero(c.builder(), c.tensor(0, "self")))),
                of("aten::masked_select", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    Var mask = c.cast(c.tensor(1, "mask"), DType.BOOL);
                    if (!mask.tensorType().shape().equals(x.tensorType().shape())) { // both to their broadcast shape
                        x = TensorOps.select(c.builder(), mask, x, x);
                        mask = MathOps.logicalOr(c.builder(), mask, MathOps.fill(c.builder(),
                                MathOps.shape(c.builder(), x), TensorValue.scalar(false)));
                    }
                    return List.of(TensorOps.gatherNd(c.builder(), x, TensorOps.nonZero(c.builder(), mask)));
                }),
                of("aten::where", (n, c) -> {
                    if (!c.isPresent(1, "self")) {
                        return whereNonZero(n, c);
                    }
                    Var cond = c.cast(c.tensor(0, "condition"), DType.BOOL);
                    List<Var> ab = Operands.binary(c, c.input(1, "self").orElseThrow(),
                            c.input(2, "other").orElseThrow());
                    return List.of(TensorOps.select(c.builder(), cond, ab.get(0), ab.get(1)));
                }));
    }

    /** {@code slice(x, dim, start, end, step)}; a slice of everything is {@code x} itself. */
    private static List<Var> slice(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        int rank = x.tensorType().rank();
        int axis = Shapes.axis(c, c.intValue(1, "dim", 0), rank);
        long start = c.intValue(2, "start", 0);
        long end = c.intValue(3, "end", Long.MAX_VALUE);
        long step = c.intValue(4, "step", 1);
        Dim size = x.tensorType().shape().dim(axis);
        boolean toEnd = end >= Integer.MAX_VALUE || (size.isKnown() && end >= size.size());
        if (start == 0 && toEnd && step == 1) {
            return List.of(x);
        }
        int[] begin = new int[rank];
        int[] stop = new int[rank];
        int[] stride = new int[rank];
        boolean[] beginMask = new boolean[rank];
        boolean[] endMask = new boolean[rank];
        Arrays.fill(stride, 1);
        Arrays.fill(beginMask, true);
        Arrays.fill(endMask, true);
        begin[axis] = (int) Math.max(Integer.MIN_VALUE, start);
        beginMask[axis] = false;
        if (!toEnd) {
            stop[axis] = (int) Math.max(Integer.MIN_VALUE, end);
            endMask[axis] = false;
        }
        stride[axis] = (int) step;
        return List.of(sliceByIndex(c, x, begin, stop, stride, beginMask, endMask, new boolean[rank]));
    }

    /** {@code select(x, dim, index)}: one index of a dim, which is dropped. */
    private static List<Var> select(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        int rank = x.tensorType().rank();
        int axis = Shapes.axis(c, c.intValue(1, "dim"), rank);
        TorchValue at = c.input(2, "index").orElseThrow();
        if (c.knownNumber(at).isEmpty()) {
            // an index the model computes (a loop counter over detections): a gather of one slice, which drops the
            // dim as select does; a negative run-time index counts from the end
            Var i = c.cast(c.var(at), DType.INT32);
            Var size = TensorOps.reshape(c.builder(), TensorOps.sliceByIndex(c.builder(),
                    MathOps.shape(c.builder(), x), new int[] {axis}, new int[] {axis + 1}), new int[0]);
            Var wrapped = TensorOps.select(c.builder(), MathOps.less(c.builder(), i, c.scalar(0, DType.INT32)),
                    MathOps.add(c.builder(), i, size), i);
            return List.of(TensorOps.gather(c.builder(), x, wrapped, axis));
        }
        long index = c.intValue(2, "index");
        int[] begin = new int[rank];
        int[] end = new int[rank];
        boolean[] beginMask = new boolean[rank];
        boolean[] endMask = new boolean[rank];
        boolean[] squeeze = new boolean[rank];
        Arrays.fill(beginMask, true);
        Arrays.fill(endMask, true);
        begin[axis] = (int) index;
        beginMask[axis] = false;
        if (index != -1) {
            end[axis] = (int) index + 1;
            endMask[axis] = false;
        }
        squeeze[axis] = true;
        int[] stride = new int[rank];
        Arrays.fill(stride, 1);
        return List.of(sliceByIndex(c, x, begin, end, stride, beginMask, endMask, squeeze));
    }

    private static Var sliceByIndex(TorchTranslationContext c, Var x, int[] begin, int[] end, int[] stride, boolean[] beginMask,
            boolean[] endMask, boolean[] squeeze) {
        Shape r = Shape.of(begin.length);
        return c.builder().op("slice_by_index").input("x", x).input("begin", TensorValue.vector(begin))
                .input("end", TensorValue.vector(end)).input("stride", TensorValue.vector(stride))
                .input("begin_mask", TensorValue.ofBools(r, beginMask)).input("end_mask", TensorValue.ofBools(r, endMask))
                .input("squeeze_mask", TensorValue.ofBools(r, squeeze)).output();
    }

    /**
     * {@code x[mask]} (and {@code x[:, mask]}): the elements, or slices, where a bool mask covering dims
     * {@code at .. at + m - 1} is true, in row-major order, as one dim of a length known at run time: a
     * {@code gather_nd} of the mask's {@code non_zero} positions, the masked dims moved to the front and the result's
     * dim moved back to {@code at}. The mask must be the only index tensor.
     */
    private static Var masked(TorchTranslationContext c, Var x, TorchValue.Sequence seq, int at, Var mask) {
        for (int j = 0; j < seq.items().size(); j++) {
            if (j != at && !(seq.items().get(j) instanceof TorchValue.Literal l && l.isNone())) {
                throw c.error("`aten::index` with a bool mask and other index tensors is not supported; index with "
                        + "the mask alone");
            }
        }
        int rank = x.tensorType().rank();
        int m = mask.tensorType().rank();
        if (m == 0 || at + m > rank) {
            throw c.error("`aten::index` with a rank-" + m + " bool mask at dim " + at + " of a rank-" + rank
                    + " tensor: the mask must cover one or more of the tensor's dims");
        }
        Var positions = TensorOps.nonZero(c.builder(), mask);
        if (at == 0) {
            return TensorOps.gatherNd(c.builder(), x, positions);
        }
        int[] front = new int[rank];
        int k = 0;
        for (int d = at; d < at + m; d++) {
            front[k++] = d;
        }
        for (int d = 0; d < rank; d++) {
            if (d < at || d >= at + m) {
                front[k++] = d;
            }
        }
        Var picked = TensorOps.gatherNd(c.builder(), TensorOps.transpose(c.builder(), x, front), positions);
        int outRank = rank - m + 1; // [N, dims before at, dims after the mask]
        int[] back = new int[outRank];
        for (int d = 0; d < outRank; d++) {
            back[d] = d < at ? d + 1 : d == at ? 0 : d;
        }
        return TensorOps.transpose(c.builder(), picked, back);
    }

    /** {@code torch.where(cond)}: a tuple of the true positions' coordinates, one int64 vector per dim of cond. */
    private static List<Var> whereNonZero(TorchNode n, TorchTranslationContext c) {
        Var cond = c.tensor(0, "condition");
        int rank = cond.tensorType().rank();
        if (n.outputs().size() != rank) {
            throw c.error("`torch.where(cond)` of a rank-" + rank + " tensor gives " + rank + " tensors, but the code "
                    + "takes " + n.outputs().size());
        }
        Var positions = TensorOps.nonZero(c.builder(), cond);
        List<Var> out = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            out.add(TensorOps.squeeze(c.builder(), TensorOps.sliceAlong(c.builder(), positions, 1, d, d + 1), 1));
        }
        return out;
    }

    /**
     * {@code index(x, indices)}, PyTorch's advanced indexing {@code x[..., i, j]} with a list of optional integer
     * tensors: one index tensor at dim {@code k} (the others {@code None}) is a {@code gather} along {@code k};
     * index tensors of the leading dims, broadcast to one shape, are a {@code gather_nd} of their stack; a bool mask is
     * {@link #masked}.
     */
    private static List<Var> index(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        if (!(c.input(1, "indices").orElseThrow() instanceof TorchValue.Sequence seq)) {
            throw c.error("`aten::index` needs a list of index tensors");
        }
        List<Integer> dims = new ArrayList<>();
        List<Var> indices = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            TorchValue item = seq.items().get(i);
            if (item instanceof TorchValue.Literal l && l.isNone()) {
                continue;
            }
            Var idx = c.var(item);
            if (idx.tensorType().dtype() == DType.BOOL || idx.tensorType().dtype() == DType.UINT8) {
                return List.of(masked(c, x, seq, i, c.cast(idx, DType.BOOL)));
            }
            dims.add(i);
            indices.add(c.cast(idx, DType.INT32));
        }
        if (indices.size() == 1) {
            return List.of(TensorOps.gather(c.builder(), x, indices.get(0), dims.get(0)));
        }
        for (int i = 0; i < dims.size(); i++) {
            if (dims.get(i) != i) {
                throw c.error("`aten::index` with index tensors at dims " + dims + " is supported for one index "
                        + "tensor, or index tensors on the leading dims");
            }
        }
        if (indices.stream().anyMatch(v -> !v.tensorType().equals(indices.get(0).tensorType()))) {
            // index tensors broadcast against each other (x[batch[:, None], top_k]): each plus the zeros of all
            Var zeros = null;
            for (Var v : indices) {
                Var z = MathOps.mul(c.builder(), v, c.scalar(0, DType.INT32));
                zeros = zeros == null ? z : MathOps.add(c.builder(), zeros, z);
            }
            for (int i = 0; i < indices.size(); i++) {
                indices.set(i, MathOps.add(c.builder(), indices.get(i), zeros));
            }
        }
        int rank = indices.get(0).tensorType().rank();
        return List.of(TensorOps.gatherNd(c.builder(), x, TensorOps.stack(c.builder(), indices, rank)));
    }
}
