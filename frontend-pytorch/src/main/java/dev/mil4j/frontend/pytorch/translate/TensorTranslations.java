package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.inPlace;
import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.of;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslation;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.frontend.pytorch.graph.TorchValue;
import dev.mil4j.ops.TensorOps;
import java.util.Arrays;
import java.util.List;

/**
 * Whole tensors: joining and splitting ({@code cat}, {@code stack}, {@code split}, {@code chunk}; {@code unbind},
 * {@code tensor_split} and {@code repeat_interleave} in {@link Pieces}), {@code repeat},
 * padding, {@code topk}, sorting, {@code cumsum}, casts ({@code to}, {@code type_as}), identities of inference
 * ({@code clone}, {@code dropout}, ...), and tensors made from shapes and numbers ({@code zeros}, {@code ones},
 * {@code full}, their {@code _like} and {@code new_} forms, {@code arange}; see {@link Fills}; {@code linspace} and
 * {@code meshgrid} in {@link Grids}).
 */
final class TensorTranslations {
    private static final TorchTranslation IDENTITY = (n, c) -> List.of(c.tensor(0, "self"));

    private TensorTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                of("aten::arange", Fills::arange),
                of("aten::argsort", (n, c) -> List.of(TensorOps.argsort(c.builder(), c.tensor(0, "self"),
                        (int) c.intValue(1, "dim", -1), !c.boolValue(2, "descending", false)))),
                of("aten::cat", (n, c) -> List.of(TensorOps.concat(c.builder(), c.tensorList(0, "tensors"),
                        (int) c.intValue(1, "dim", 0))), "aten::concat", "aten::concatenate"),
                of("aten::chunk", TensorTranslations::chunk),
                of("aten::clone", IDENTITY),
                of("aten::constant_pad_nd", (n, c) -> List.of(Pads.pad(c, c.tensor(0, "self"), c.intArray(1, "pad"),
                        "constant", c.doubleValue(2, "value", 0)))),
                of("aten::contiguous", IDENTITY),
                of("aten::cumsum", (n, c) -> List.of(TensorOps.cumsum(c.builder(), c.tensor(0, "self"),
                        (int) c.intValue(1, "dim"), false, false))),
                of("aten::detach", IDENTITY),
                inPlace("aten::dropout", IDENTITY, "aten::feature_dropout", "aten::alpha_dropout"),
                of("aten::full", (n, c) -> List.of(Fills.fill(c, c.tensor(0, "size"), c.input(1, "fill_value")
                        .orElseThrow(), Fills.dtype(c, 2, null)))),
                of("aten::full_like", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    return List.of(Fills.fill(c, Fills.shapeOf(c, x), c.input(1, "fill_value").orElseThrow(),
                            Fills.dtype(c, 2, x.tensorType().dtype())));
                }),
                of("aten::linspace", Grids::linspace),
                of("aten::meshgrid", Grids::meshgrid),
                of("aten::new_full", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    return List.of(Fills.fill(c, c.tensor(1, "size"), c.input(2, "fill_value").orElseThrow(),
                            Fills.dtype(c, 3, x.tensorType().dtype())));
                }),
                of("aten::new_ones", Fills.newFilled(1)),
                of("aten::new_zeros", Fills.newFilled(0), "aten::new_empty"),
                of("aten::ones", Fills.filled(1)),
                of("aten::ones_like", Fills.filledLike(1)),
                of("aten::pad", (n, c) -> {
                    String mode = c.stringValue(2, "mode").orElse("constant");
                    return List.of(Pads.pad(c, c.tensor(0, "self"), c.intArray(1, "pad"), mode,
                            c.doubleValue(3, "value", 0)));
                }),
                of("aten::reflection_pad2d", padding("reflect"), "aten::reflection_pad1d", "aten::reflection_pad3d"),
                of("aten::repeat_interleave", Pieces::repeatInterleave),
                of("aten::repeat", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    int[] reps = c.intArray(1, "repeats");
                    return List.of(TensorOps.tile(c.builder(), withRank(c, x, reps.length), reps));
                }),
                of("aten::replication_pad2d", padding("replicate"), "aten::replication_pad1d",
                        "aten::replication_pad3d"),
                of("aten::roll", (n, c) -> List.of(Pads.roll(c, c.tensor(0, "self"), c.intArray(1, "shifts"),
                        c.isPresent(2, "dims") ? c.intArray(2, "dims") : new int[0]))),
                of("aten::sort", TensorTranslations::sort),
                of("aten::split", TensorTranslations::split, "aten::split_with_sizes"),
                of("aten::stack", (n, c) -> List.of(TensorOps.stack(c.builder(), c.tensorList(0, "tensors"),
                        (int) c.intValue(1, "dim", 0)))),
                of("aten::tensor_split", Pieces::tensorSplit),
                of("aten::tensor", (n, c) -> {
                    Var data = c.var(c.input(0, "data").orElseThrow(() -> c.error("`aten::tensor` needs data")));
                    return List.of(Fills.dtype(c, 1, null).map(d -> c.cast(data, d)).orElse(data));
                }),
                of("prim::dtype", (n, c) -> List.of(c.builder().constant(TensorValue.scalar(
                        Shapes.torchCode(c.tensor(0, "a").tensorType().dtype()))))),
                of("aten::to", TensorTranslations::to),
                of("aten::topk", TensorTranslations::topk),
                of("aten::tril", (n, c) -> List.of(triangle(c, false))),
                of("aten::triu", (n, c) -> List.of(triangle(c, true))),
                of("aten::unbind", Pieces::unbind),
                of("aten::type_as", (n, c) -> List.of(c.cast(c.tensor(0, "self"),
                        c.tensor(1, "other").tensorType().dtype()))),
                of("aten::scalar_tensor", (n, c) -> { // scalar_tensor(s, dtype, ...): a 0-d tensor of s
                    TorchValue s = c.input(0, "s").orElseThrow();
                    return List.of(Fills.fill(c, c.builder().constant(TensorValue.vector(new int[0])), s,
                            Fills.dtype(c, 1, DType.FP32)));
                }),
                of("aten::zeros", Fills.filled(0), "aten::empty"), // empty's values are unspecified: zeros
                of("aten::zeros_like", Fills.filledLike(0), "aten::empty_like"));
    }

    /**
     * {@code topk(x, k, dim=-1, largest=True, sorted=True)}: values and int32 indices; a {@code k} the model computes
     * ({@code min(1000, x.size(0))} in detection heads) is {@link TensorOps#topkRunTime}.
     */
    private static List<Var> topk(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        int dim = (int) c.intValue(2, "dim", -1);
        boolean ascending = !c.boolValue(3, "largest", true);
        TorchValue k = c.input(1, "k").orElseThrow();
        TensorOps.TopK t = c.knownNumber(k).isPresent()
                ? TensorOps.topk(c.builder(), x, (int) c.intValue(1, "k"), dim, ascending)
                : TensorOps.topkRunTime(c.builder(), x, c.var(k), Shapes.axis(c, dim, x.tensorType().rank()),
                        ascending);
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
        if (sizes instanceof TorchValue.Sequence seq) {
            if (seq.items().size() == 1 && n.outputs().size() == 1) {
                return List.of(x); // one piece of the whole dim (a batch of one image), whatever its size
            }
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

    private static TorchTranslation padding(String mode) {
        return (n, c) -> List.of(Pads.pad(c, c.tensor(0, "self"), c.intArray(1, "padding"), mode, 0));
    }

    /**
     * {@code triu(x, diagonal=0)} keeps the elements of the last two dims with {@code j - i >= diagonal},
     * {@code tril(x, diagonal=0)} those with {@code j - i <= diagonal}; the others become 0.
     */
    private static Var triangle(TorchTranslationContext c, boolean upper) {
        Var x = c.tensor(0, "self");
        long diagonal = c.intValue(1, "diagonal", 0);
        Shape s = x.tensorType().shape();
        if (s.rank() < 2 || !s.dim(s.rank() - 2).isKnown() || !s.dim(s.rank() - 1).isKnown()) {
            throw c.error("`" + c.node().kind() + "` needs an input of rank 2 or more with known last two dims, got "
                    + x.tensorType());
        }
        int rows = (int) s.dim(s.rank() - 2).size();
        int cols = (int) s.dim(s.rank() - 1).size();
        boolean[] keep = new boolean[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                keep[i * cols + j] = upper ? j - i >= diagonal : j - i <= diagonal;
            }
        }
        Var mask = c.builder().constant(TensorValue.ofBools(Shape.of(rows, cols), keep));
        return TensorOps.select(c.builder(), mask, x, c.scalar(0, x.tensorType().dtype()));
    }
}
