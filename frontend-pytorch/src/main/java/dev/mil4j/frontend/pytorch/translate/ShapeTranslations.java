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
import dev.mil4j.ops.ReductionOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Views and shapes: {@code reshape}/{@code view}, {@code permute}, {@code transpose}, {@code squeeze}/
 * {@code unsqueeze}, {@code flatten}, {@code expand}/{@code expand_as}, and the size queries {@code aten::size},
 * {@code prim::NumToTensor}, {@code aten::Int}, {@code aten::Float}, {@code aten::dim}, {@code aten::numel} and list
 * indexing. Size queries become MIL shape arithmetic ({@code shape}, {@code gather}, casts) that folds to constants
 * when the input shapes are static.
 */
final class ShapeTranslations {
    private ShapeTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                of("aten::Float", (n, c) -> List.of(c.cast(c.tensor(0, "a"), DType.FP32))),
                of("aten::Int", (n, c) -> List.of(toInt(c, c.tensor(0, "a"))), "aten::IntImplicit"),
                of("aten::ScalarImplicit", (n, c) -> List.of(c.tensor(0, "a"))),
                of("aten::__getitem__", ShapeTranslations::getItem),
                of("aten::dim", (n, c) -> List.of(c.builder().constant(TensorValue.scalar(
                        c.tensor(0, "self").tensorType().rank())))),
                of("aten::expand", ShapeTranslations::expand),
                of("aten::expand_as", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    Var other = c.tensor(1, "other");
                    return List.of(expandTo(c, x, Shapes.dims(c, other, 0, other.tensorType().rank())));
                }),
                of("aten::flatten", ShapeTranslations::flatten),
                of("aten::numel", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    int[] all = new int[x.tensorType().rank()];
                    for (int i = 0; i < all.length; i++) {
                        all[i] = i;
                    }
                    Var shape = MathOps.shape(c.builder(), x);
                    return List.of(all.length == 0 ? c.builder().constant(TensorValue.scalar(1))
                            : ReductionOps.reduceProd(c.builder(), shape, new int[] {0}, false));
                }),
                of("aten::permute", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    int[] perm = c.intArray(1, "dims");
                    for (int i = 0; i < perm.length; i++) {
                        perm[i] = Shapes.axis(c, perm[i], x.tensorType().rank());
                    }
                    return List.of(TensorOps.transpose(c.builder(), x, perm));
                }),
                of("aten::reshape", (n, c) -> List.of(TensorOps.reshape(c.builder(), c.tensor(0, "self"),
                        c.tensor(1, "shape"))), "aten::view"),
                of("aten::size", ShapeTranslations::size),
                of("aten::_shape_as_tensor", (n, c) -> List.of(MathOps.shape(c.builder(), c.tensor(0, "self")))),
                inPlace("aten::squeeze", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    if (!c.isPresent(1, "dim")) {
                        return List.of(TensorOps.squeeze(c.builder(), x));
                    }
                    int axis = Shapes.axis(c, c.intValue(1, "dim"), x.tensorType().rank());
                    Dim d = x.tensorType().shape().dim(axis);
                    return List.of(d.isKnown() && d.size() == 1 ? TensorOps.squeeze(c.builder(), x, axis) : x);
                }),
                inPlace("aten::t", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    return List.of(x.tensorType().rank() < 2 ? x : TensorOps.transpose(c.builder(), x, 1, 0));
                }),
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
                }, "aten::swapaxes", "aten::swapdims"),
                inPlace("aten::unsqueeze", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    long dim = c.intValue(1, "dim");
                    int axis = (int) (dim < 0 ? dim + x.tensorType().rank() + 1 : dim);
                    return List.of(TensorOps.expandDims(c.builder(), x, axis));
                }),
                of("prim::NumToTensor", (n, c) -> List.of(c.tensor(0, "a"))));
    }

    /** {@code size(x, dim)} is one dim; {@code size(x)} the whole shape. */
    private static List<Var> size(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        if (!c.isPresent(1, "dim")) {
            return List.of(MathOps.shape(c.builder(), x));
        }
        return List.of(Shapes.dim(c, x, (int) c.intValue(1, "dim")));
    }

    private static Var toInt(TorchTranslationContext c, Var x) {
        DType d = x.tensorType().dtype();
        if (d == DType.INT32) {
            return x;
        }
        Var y = d.isFloat() ? MathOps.floor(c.builder(), MathOps.abs(c.builder(), x)) : x;
        if (d.isFloat()) {
            y = MathOps.mul(c.builder(), y, MathOps.sign(c.builder(), x));
        }
        return c.cast(y, DType.INT32);
    }

    /** {@code list[i]} on a list-valued var (a shape vector): one element. */
    private static List<Var> getItem(TorchNode n, TorchTranslationContext c) {
        Var list = c.tensor(0, "list");
        long index = c.intValue(1, "idx");
        int length = list.tensorType().rank() == 1 && list.tensorType().shape().dim(0).isKnown()
                ? (int) list.tensorType().shape().dim(0).size() : -1;
        if (index < 0 && length > 0) {
            index += length;
        }
        return List.of(TensorOps.gather(c.builder(), list, c.builder().constant(TensorValue.scalar((int) index)), 0));
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
}
