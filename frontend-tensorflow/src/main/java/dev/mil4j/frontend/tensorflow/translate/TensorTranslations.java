package dev.mil4j.frontend.tensorflow.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTensors;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.proto.DataType;

/**
 * Values and whole tensors: graph plumbing ({@code Placeholder}, {@code Const}, {@code Identity},
 * {@code IdentityN}, {@code NoOp}, {@code ReadVariableOp} of a frozen variable), {@code Cast}, {@code Fill},
 * {@code Range}, {@code ConcatV2}, {@code Pack}, {@code Unpack}, {@code Split}, {@code SplitV}, {@code Tile},
 * {@code Pad}, {@code PadV2}, {@code MirrorPad}, {@code TopKV2}/{@code TopK}, {@code Cumsum} and {@code OneHot}.
 */
final class TensorTranslations {
    private TensorTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                TfTranslations.of("Cast", TensorTranslations::cast),
                TfTranslations.of("ConcatV2", TensorTranslations::concat),
                TfTranslations.of("Const", TensorTranslations::constant),
                TfTranslations.of("Cumsum", (n, c) -> List.of(TensorOps.cumsum(c.builder(), c.input(0),
                        c.constInput(1, "axis").toIntArray()[0], n.boolAttr("exclusive", false),
                        n.boolAttr("reverse", false)))),
                TfTranslations.of("Fill", (n, c) -> List.of(MathOps.fill(c.builder(), c.input(0),
                        c.constInput(1, "value")))),
                TfTranslations.of("Identity", (n, c) -> List.of(c.input(0)), "StopGradient", "Snapshot"),
                TfTranslations.of("IdentityN", (n, c) -> c.inputs(0)),
                TfTranslations.of("MirrorPad", TensorTranslations::mirrorPad),
                TfTranslations.of("NoOp", (n, c) -> List.of()),
                TfTranslations.of("OneHot", (n, c) -> List.of(TensorOps.oneHot(c.builder(), c.input(0), c.input(1),
                        (int) n.intAttr("axis", -1), c.constInput(2, "on_value"), c.constInput(3, "off_value")))),
                TfTranslations.of("Pack", (n, c) -> List.of(TensorOps.stack(c.builder(), c.inputs(0),
                        (int) n.intAttr("axis", 0)))),
                TfTranslations.of("Pad", (n, c) -> List.of(TensorOps.pad(c.builder(), c.input(0),
                        paddings(c, c.input(0).tensorType().rank()),
                        c.inputCount() > 2 ? Optional.of(c.constInput(2, "constant_values")) : Optional.empty())),
                        "PadV2"),
                TfTranslations.of("Placeholder", (n, c) -> List.of(c.placeholderInput().orElseThrow(() ->
                        c.error("is a placeholder that is not a function input")))),
                TfTranslations.of("Range", (n, c) -> List.of(MathOps.range1d(c.builder(), c.input(0), c.input(1),
                        c.input(2)))),
                TfTranslations.of("ReadVariableOp", (n, c) -> List.of(c.input(0))),
                TfTranslations.of("Split", (n, c) -> split(n, c, c.input(1), c.constInput(0, "axis").getLong(0),
                        null)),
                TfTranslations.of("SplitV", (n, c) -> split(n, c, c.input(0), c.constInput(2, "axis").getLong(0),
                        c.constInput(1, "size_splits").toIntArray())),
                TfTranslations.of("Tile", (n, c) -> List.of(TensorOps.tile(c.builder(), c.input(0), c.input(1)))),
                TfTranslations.of("TopKV2", TensorTranslations::topk, "TopK"),
                TfTranslations.of("Unpack", TensorTranslations::unpack));
    }

    private static List<Var> constant(TfNode n, TfTranslationContext c) {
        TensorValue v;
        try {
            v = TfTensors.toValue(n.tensorAttr("value").orElseThrow(() -> c.error("has no tensor `value`")));
        } catch (IllegalArgumentException e) {
            throw c.error("its value " + e.getMessage());
        }
        return List.of(c.builder().constant(v, n.name().replaceAll("[^A-Za-z0-9_]", "_")));
    }

    private static List<Var> cast(TfNode n, TfTranslationContext c) {
        Var x = c.input(0);
        DataType to = n.typeAttr("DstT").orElseThrow(() -> c.error("has no DstT attribute"));
        DType target = TfTensors.dtype(to).orElseThrow(() -> c.error("casts to " + TfTensors.name(to)
                + ", which has no MIL equivalent"));
        return List.of(target == x.tensorType().dtype() ? x : MathOps.cast(c.builder(), x, target));
    }

    private static List<Var> concat(TfNode n, TfTranslationContext c) {
        int count = c.inputCount() - 1;
        List<Var> values = c.inputs(0).subList(0, count);
        int axis = c.constInput(count, "axis").toIntArray()[0];
        return List.of(values.size() == 1 ? values.get(0) : TensorOps.concat(c.builder(), values, axis));
    }

    private static List<Var> unpack(TfNode n, TfTranslationContext c) {
        Var x = c.input(0);
        int axis = c.axis(n.intAttr("axis", 0), x.tensorType().rank());
        List<Var> out = new ArrayList<>();
        for (Var p : TensorOps.split(c.builder(), x, (int) n.intAttr("num", 0), axis)) {
            out.add(TensorOps.squeeze(c.builder(), p, axis));
        }
        return out;
    }

    /** {@code split} into equal parts ({@code sizes == null}) or given sizes (one may be -1: the rest). */
    private static List<Var> split(TfNode n, TfTranslationContext c, Var x, long axis, int[] sizes) {
        int a = c.axis(axis, x.tensorType().rank());
        if (sizes == null) {
            return TensorOps.splitAlong(c.builder(), x, a, (int) n.intAttr("num_split", 1));
        }
        int rest = -1;
        long sum = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 0) {
                rest = i;
            } else {
                sum += sizes[i];
            }
        }
        if (rest >= 0) {
            long dim = c.staticShape(x, "SplitV with a -1 size")[a];
            sizes = sizes.clone();
            sizes[rest] = (int) (dim - sum);
        }
        return TensorOps.splitAlong(c.builder(), x, a, sizes);
    }

    /** {@code TopKV2(x, k)} and {@code TopK(x)} with attribute {@code k}: values and int32 indices, largest first. */
    private static List<Var> topk(TfNode n, TfTranslationContext c) {
        int k = c.inputCount() > 1 ? c.constInput(1, "k").toIntArray()[0] : (int) n.intAttr("k", 1);
        TensorOps.TopK t = TensorOps.topk(c.builder(), c.input(0), k, -1);
        return List.of(t.values(), t.indices());
    }

    /** The {@code [rank, 2]} paddings as MIL's {@code [b0, e0, b1, e1, ...]}. */
    private static int[] paddings(TfTranslationContext c, int rank) {
        int[] p = c.constInput(1, "paddings").toIntArray();
        if (p.length != 2 * rank) {
            throw c.error("has " + p.length / 2 + " padding pairs for an input of rank " + rank);
        }
        return p;
    }

    /**
     * {@code REFLECT} is MIL's {@code reflect}; {@code SYMMETRIC} (the edge repeated) is a composite: per padded
     * axis, {@code concat(gather(x, [b-1..0]), x, gather(x, [n-1..n-e]))}.
     */
    private static List<Var> mirrorPad(TfNode n, TfTranslationContext c) {
        Var x = c.input(0);
        int rank = x.tensorType().rank();
        int[] p = paddings(c, rank);
        String mode = n.stringAttr("mode", "REFLECT");
        if (mode.equals("REFLECT")) {
            return List.of(TensorOps.pad(c.builder(), x, p, "reflect"));
        }
        if (!mode.equals("SYMMETRIC")) {
            throw c.error("has mode `" + mode + "`; expected REFLECT or SYMMETRIC");
        }
        Shape shape = x.tensorType().shape();
        Builder b = c.builder();
        Var y = x;
        for (int axis = 0; axis < rank; axis++) {
            int before = p[2 * axis];
            int after = p[2 * axis + 1];
            if (before == 0 && after == 0) {
                continue;
            }
            if (after > 0 && !shape.dim(axis).isKnown()) {
                throw c.error("MirrorPad in SYMMETRIC mode needs the size of each dim it pads at the end; dim " + axis
                        + " of " + shape + " is known only at run time",
                        "give the model's inputs fixed shapes (InputType) when converting");
            }
            int size = after > 0 ? (int) shape.dim(axis).size() : 0;
            List<Var> parts = new ArrayList<>();
            if (before > 0) {
                int[] idx = new int[before];
                for (int i = 0; i < before; i++) {
                    idx[i] = before - 1 - i;
                }
                parts.add(TensorOps.gather(b, y, idx, axis));
            }
            parts.add(y);
            if (after > 0) {
                int[] idx = new int[after];
                for (int i = 0; i < after; i++) {
                    idx[i] = size - 1 - i;
                }
                parts.add(TensorOps.gather(b, y, idx, axis));
            }
            y = TensorOps.concat(b, parts, axis);
        }
        return List.of(y);
    }
}
