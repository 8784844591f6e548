package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.Entry.inPlace;
import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.Entry.of;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.TorchTranslation;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.frontend.pytorch.graph.TorchValue;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Views and layout (reshape, permute, squeeze, ...), joining and splitting, slicing, indexing and sorting. */
final class TensorTranslations {
    private static final TorchTranslation IDENTITY = (n, c) -> List.of(c.tensor(0, "self"));

    private TensorTranslations() {
    }

    static List<TorchTranslations.Entry> entries() {
        return List.of(
                of("aten::argsort", (n, c) -> List.of(TensorOps.argsort(c.builder(), c.tensor(0, "self"),
                        (int) c.intValue(1, "dim", -1), !c.boolValue(2, "descending", false)))),
                of("aten::cat", (n, c) -> List.of(TensorOps.concat(c.builder(), c.tensorList(0, "tensors"),
                        (int) c.intValue(1, "dim", 0))), "aten::concat", "aten::concatenate"),
                of("aten::chunk", TensorTranslations::chunk),
                of("aten::clone", IDENTITY),
                of("aten::contiguous", IDENTITY),
                of("aten::cumsum", (n, c) -> List.of(TensorOps.cumsum(c.builder(), c.tensor(0, "self"),
                        (int) c.intValue(1, "dim"), false, false))),
                of("aten::detach", IDENTITY),
                inPlace("aten::dropout", IDENTITY, "aten::feature_dropout", "aten::alpha_dropout"),
                of("aten::embedding", (n, c) -> List.of(TensorOps.gather(c.builder(), c.tensor(0, "weight"),
                        c.cast(c.tensor(1, "indices"), DType.INT32), 0))),
                of("aten::flatten", TensorTranslations::flatten),
                of("aten::gather", (n, c) -> List.of(TensorOps.gatherAlongAxis(c.builder(), c.tensor(0, "self"),
                        c.cast(c.tensor(2, "index"), DType.INT32), (int) c.intValue(1, "dim")))),
                of("aten::index_select", (n, c) -> List.of(TensorOps.gather(c.builder(), c.tensor(0, "self"),
                        c.cast(c.tensor(2, "index"), DType.INT32), (int) c.intValue(1, "dim")))),
                inPlace("aten::masked_fill", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    List<Var> xv = Operands.binary(c, x, c.input(2, "value").orElseThrow());
                    return List.of(TensorOps.select(c.builder(), c.cast(c.tensor(1, "mask"), DType.BOOL),
                            xv.get(1), xv.get(0)));
                }),
                of("aten::permute", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    int[] perm = c.intArray(1, "dims");
                    for (int i = 0; i < perm.length; i++) {
                        perm[i] = Shapes.axis(c, perm[i], x.tensorType().rank());
                    }
                    return List.of(TensorOps.transpose(c.builder(), x, perm));
                }),
                of("aten::repeat", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    int[] reps = c.intArray(1, "repeats");
                    return List.of(TensorOps.tile(c.builder(), withRank(c, x, reps.length), reps));
                }),
                of("aten::reshape", (n, c) -> List.of(TensorOps.reshape(c.builder(), c.tensor(0, "self"),
                        c.tensor(1, "shape"))), "aten::view"),
                of("aten::select", TensorTranslations::select),
                of("aten::slice", TensorTranslations::slice),
                of("aten::sort", TensorTranslations::sort),
                of("aten::split", TensorTranslations::split, "aten::split_with_sizes"),
                inPlace("aten::squeeze", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    if (!c.isPresent(1, "dim")) {
                        return List.of(TensorOps.squeeze(c.builder(), x));
                    }
                    int axis = Shapes.axis(c, c.intValue(1, "dim"), x.tensorType().rank());
                    Dim d = x.tensorType().shape().dim(axis);
                    return List.of(d.isKnown() && d.size() == 1 ? TensorOps.squeeze(c.builder(), x, axis) : x);
                }),
                of("aten::stack", (n, c) -> List.of(TensorOps.stack(c.builder(), c.tensorList(0, "tensors"),
                        (int) c.intValue(1, "dim", 0)))),
                inPlace("aten::t", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    return List.of(x.tensorType().rank() < 2 ? x : TensorOps.transpose(c.builder(), x, 1, 0));
                }),
                of("aten::to", TensorTranslations::to),
                of("aten::topk", TensorTranslations::topk),
                inPlace("aten::transpose", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    int rank = x.tensorType().rank();
                    int[] perm = new int[rank];
                    for (int i = 0; i < rank; i++) {
                        perm[i] = i;
                    }
                    int a = Shapes.axis(c, c.intValue(1, "dim0"), rank);
                    int b = Shapes.axis(c, c.intValue(2, "dim1"), rank);
                    perm[a] = b;
                    perm[b] = a;
                    return List.of(TensorOps.transpose(c.builder(), x, perm));
                }),
                of("aten::type_as", (n, c) -> List.of(c.cast(c.tensor(0, "self"),
                        c.tensor(1, "other").tensorType().dtype()))),
                inPlace("aten::unsqueeze", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    long dim = c.intValue(1, "dim");
                    int axis = (int) (dim < 0 ? dim + x.tensorType().rank() + 1 : dim);
                    return List.of(TensorOps.expandDims(c.builder(), x, axis));
                }));
    }

    /** {@code topk(x, k, dim=-1, largest=True, sorted=True)}: values and int32 indices. */
    private static List<Var> topk(TorchNode n, TorchTranslationContext c) {
        TensorOps.TopK t = TensorOps.topk(c.builder(), c.tensor(0, "self"), (int) c.intValue(1, "k"),
                (int) c.intValue(2, "dim", -1), !c.boolValue(3, "largest", true));
        return List.of(t.values(), t.indices());
    }

    /**
     * {@code sort(x, dim=-1, descending=False)} or {@code sort(x, stable, dim, descending)}: the indices of a MIL
     * {@code argsort} (int32; stable, so the stable flag needs nothing) and the values gathered along them.
     */
    private static List<Var> sort(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        int shift = n.keywords().containsKey("stable") || n.inputs().size() == 4
                || n.inputs().size() > 1 && n.inputs().get(1) instanceof TorchValue.Literal l
                && (l.value() instanceof Boolean || l.isNone()) ? 1 : 0;
        int axis = Shapes.axis(c, c.intValue(1 + shift, "dim", -1), x.tensorType().rank());
        boolean descending = c.boolValue(2 + shift, "descending", false);
        Var indices = TensorOps.argsort(c.builder(), x, axis, !descending);
        return List.of(TensorOps.gatherAlongAxis(c.builder(), x, indices, axis), indices);
    }

    private static List<Var> flatten(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        int rank = x.tensorType().rank();
        if (rank == 0) {
            return List.of(TensorOps.reshape(c.builder(), x, 1));
        }
        int start = Shapes.axis(c, c.intValue(1, "start_dim", 0), rank);
        int end = Shapes.axis(c, c.intValue(2, "end_dim", -1), rank);
        Shape shape = x.tensorType().shape();
        List<Long> sizes = new ArrayList<>();
        for (int i = 0; i < start; i++) {
            sizes.add(shape.dim(i).isKnown() ? shape.dim(i).size() : -1L);
        }
        long merged = 1;
        for (int i = start; i <= end; i++) {
            merged = shape.dim(i).isKnown() && merged >= 0 ? merged * shape.dim(i).size() : -1;
        }
        sizes.add(merged);
        for (int i = end + 1; i < rank; i++) {
            sizes.add(shape.dim(i).isKnown() ? shape.dim(i).size() : -1L);
        }
        if (sizes.stream().filter(s -> s < 0).count() <= 1) {
            // at most one unknown size: a constant shape with -1 in its place
            return List.of(TensorOps.reshape(c.builder(), x, sizes.stream().mapToInt(Long::intValue).toArray()));
        }
        List<Var> dims = new ArrayList<>(Shapes.dims(c, x, 0, start));
        dims.add(c.builder().constant(TensorValue.scalar(-1)));
        dims.addAll(Shapes.dims(c, x, end + 1, rank));
        return List.of(TensorOps.reshape(c.builder(), x, Shapes.vector(c, dims)));
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

    /** {@code chunk(x, chunks, dim)}: pieces of {@code ceil(size / chunks)}, the last one smaller. */
    private static List<Var> chunk(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        int axis = Shapes.axis(c, c.intValue(2, "dim", 0), x.tensorType().rank());
        long chunks = c.intValue(1, "chunks");
        Dim d = x.tensorType().shape().dim(axis);
        if (!d.isKnown()) {
            if (chunks != n.outputs().size()) {
                throw c.error("chunk of a symbolic dim needs the code to unpack exactly " + chunks + " pieces");
            }
            return TensorOps.split(c.builder(), x, (int) chunks, axis);
        }
        long each = (d.size() + chunks - 1) / chunks;
        return split(c, x, sizes(d.size(), each), axis, n);
    }

    /** {@code split(x, split_size, dim)} with one size or a list of sizes. */
    private static List<Var> split(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        int axis = Shapes.axis(c, c.intValue(2, "dim", 0), x.tensorType().rank());
        TorchValue sizes = c.input(1, "split_size").orElseThrow();
        if (sizes instanceof TorchValue.Sequence) {
            return split(c, x, c.intArray(1, "split_size"), axis, n);
        }
        Dim d = x.tensorType().shape().dim(axis);
        if (!d.isKnown()) {
            throw c.error("split of symbolic dim " + d + " by size is not supported");
        }
        return split(c, x, sizes(d.size(), c.intValue(1, "split_size")), axis, n);
    }

    private static int[] sizes(long total, long each) {
        int count = (int) ((total + each - 1) / each);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = (int) Math.min(each, total - i * each);
        }
        return out;
    }

    private static List<Var> split(TorchTranslationContext c, Var x, int[] sizes, int axis, TorchNode n) {
        if (sizes.length != n.outputs().size()) {
            throw c.error("`" + n.kind() + "` gives " + sizes.length + " pieces, but the code unpacks "
                    + n.outputs().size());
        }
        if (sizes.length == 1) {
            return List.of(x);
        }
        return TensorOps.splitSizes(c.builder(), x, sizes, axis);
    }

    /** {@code x} reshaped to at least {@code rank} dims by leading ones (for repeat). */
    private static Var withRank(TorchTranslationContext c, Var x, int rank) {
        int have = x.tensorType().rank();
        if (have >= rank) {
            return x;
        }
        int[] axes = new int[rank - have];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        return TensorOps.expandDims(c.builder(), x, axes);
    }

    /** {@code to(x, dtype, ...)}, {@code to(x, device, dtype, ...)} or {@code to(x, other, ...)}: a cast or nothing. */
    private static List<Var> to(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        for (int i = 1; i <= 2 && i < n.inputs().size(); i++) {
            TorchValue v = n.inputs().get(i);
            if (v instanceof TorchValue.Literal l && l.value() instanceof Long code) {
                return List.of(c.cast(x, Shapes.dtype(c, code)));
            }
            if (i == 1 && v instanceof TorchValue.Ref) {
                return List.of(c.cast(x, c.var(v).tensorType().dtype()));
            }
        }
        if (n.keywords().get("dtype") instanceof TorchValue.Literal l && l.value() instanceof Long code) {
            return List.of(c.cast(x, Shapes.dtype(c, code)));
        }
        return List.of(x);
    }
}
