package dev.mil4j.frontend.tensorflow.translate;

import static dev.mil4j.frontend.tensorflow.translate.Emit.one;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import java.util.ArrayList;
import java.util.List;

/**
 * Shape manipulation: {@code Reshape}, {@code Transpose}, {@code Squeeze}, {@code ExpandDims}, {@code ConcatV2},
 * {@code Pack}, {@code Unpack}, {@code Split}, {@code SplitV}, {@code Tile}, {@code Pad}, {@code PadV2},
 * {@code MirrorPad}.
 */
final class ShapeTranslations {
    private ShapeTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                TfTranslations.of("ConcatV2", ShapeTranslations::concat),
                TfTranslations.of("ExpandDims", (n, c) -> one(c.builder().op("expand_dims").input("x", c.input(0))
                        .input("axes", TensorValue.vector(Emit.constInts(c, 1, "axis"))).output())),
                TfTranslations.of("MirrorPad", ShapeTranslations::mirrorPad),
                TfTranslations.of("Pack", ShapeTranslations::pack),
                TfTranslations.of("Pad", ShapeTranslations::pad, "PadV2"),
                TfTranslations.of("Reshape", (n, c) -> one(c.builder().op("reshape").input("x", c.input(0))
                        .input("shape", c.input(1)).output())),
                TfTranslations.of("Split", (n, c) -> split(n, c, c.input(1),
                        Emit.constInts(c, 0, "axis")[0], null)),
                TfTranslations.of("SplitV", (n, c) -> split(n, c, c.input(0), Emit.constInts(c, 2, "axis")[0],
                        Emit.constInts(c, 1, "size_splits"))),
                TfTranslations.of("Squeeze", ShapeTranslations::squeeze),
                TfTranslations.of("Tile", (n, c) -> one(c.builder().op("tile").input("x", c.input(0))
                        .input("reps", c.input(1)).output())),
                TfTranslations.of("Transpose", (n, c) -> one(Emit.transpose(c.builder(), c.input(0),
                        Emit.constInts(c, 1, "perm")))),
                TfTranslations.of("Unpack", ShapeTranslations::unpack));
    }

    private static List<Var> concat(TfNode n, TfTranslationContext c) {
        int count = c.inputCount() - 1;
        List<Var> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(c.input(i));
        }
        int axis = Emit.constInts(c, count, "axis")[0];
        if (values.size() == 1) {
            return one(values.get(0));
        }
        return one(c.builder().op("concat").inputs("values", values).input("axis", TensorValue.scalar(axis))
                .output());
    }

    private static List<Var> pack(TfNode n, TfTranslationContext c) {
        List<Var> values = new ArrayList<>();
        for (int i = 0; i < c.inputCount(); i++) {
            values.add(c.input(i));
        }
        return one(c.builder().op("stack").inputs("values", values)
                .input("axis", TensorValue.scalar((int) n.intAttr("axis", 0))).output());
    }

    private static List<Var> unpack(TfNode n, TfTranslationContext c) {
        Var x = c.input(0);
        int axis = Emit.axis(c, n.intAttr("axis", 0), Emit.rank(x));
        int num = (int) n.intAttr("num", 0);
        List<Var> parts = c.builder().op("split").input("x", x).input("num_splits", TensorValue.scalar(num))
                .input("axis", TensorValue.scalar(axis)).outputs();
        List<Var> out = new ArrayList<>();
        for (Var p : parts) {
            out.add(c.builder().op("squeeze").input("x", p).input("axes", TensorValue.vector(axis)).output());
        }
        return out;
    }

    /** {@code split} into equal parts ({@code sizes == null}) or given sizes (one may be -1: the rest). */
    private static List<Var> split(TfNode n, TfTranslationContext c, Var x, int axis, int[] sizes) {
        int a = Emit.axis(c, axis, Emit.rank(x));
        Builder.OpBuilder op = c.builder().op("split").input("x", x).input("axis", TensorValue.scalar(a));
        if (sizes == null) {
            op.input("num_splits", TensorValue.scalar((int) n.intAttr("num_split", 1)));
        } else {
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
                long dim = Emit.staticShape(c, x, "SplitV with a -1 size")[a];
                sizes = sizes.clone();
                sizes[rest] = (int) (dim - sum);
            }
            op.input("split_sizes", TensorValue.vector(sizes));
        }
        return op.outputs();
    }

    private static List<Var> squeeze(TfNode n, TfTranslationContext c) {
        Builder.OpBuilder op = c.builder().op("squeeze").input("x", c.input(0));
        long[] dims = n.intsAttr("squeeze_dims").orElse(new long[0]);
        if (dims.length > 0) {
            op.input("axes", TensorValue.vector(Emit.ints(dims)));
        }
        return one(op.output());
    }

    /** The {@code [rank, 2]} paddings as MIL's {@code [b0, e0, b1, e1, ...]}. */
    private static int[] paddings(TfTranslationContext c, int rank) {
        int[] p = Emit.constInts(c, 1, "paddings");
        if (p.length != 2 * rank) {
            throw c.error("has " + p.length / 2 + " padding pairs for an input of rank " + rank);
        }
        return p;
    }

    private static List<Var> pad(TfNode n, TfTranslationContext c) {
        Var x = c.input(0);
        Builder.OpBuilder op = c.builder().op("pad").input("x", x)
                .input("pad", TensorValue.vector(paddings(c, Emit.rank(x))));
        if (c.inputCount() > 2) {
            op.input("constant_val", c.constInput(2, "constant_values"));
        }
        return one(op.output());
    }

    /**
     * {@code REFLECT} is MIL's {@code reflect}; {@code SYMMETRIC} (the edge repeated) is a composite: per padded
     * axis, {@code concat(gather(x, [b-1..0]), x, gather(x, [n-1..n-e]))}.
     */
    private static List<Var> mirrorPad(TfNode n, TfTranslationContext c) {
        Var x = c.input(0);
        int rank = Emit.rank(x);
        int[] p = paddings(c, rank);
        String mode = n.stringAttr("mode", "REFLECT");
        if (mode.equals("REFLECT")) {
            return one(c.builder().op("pad").input("x", x).input("pad", TensorValue.vector(p))
                    .input("mode", TensorValue.scalar("reflect")).output());
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
                parts.add(gather(b, y, idx, axis));
            }
            parts.add(y);
            if (after > 0) {
                int[] idx = new int[after];
                for (int i = 0; i < after; i++) {
                    idx[i] = size - 1 - i;
                }
                parts.add(gather(b, y, idx, axis));
            }
            y = b.op("concat").inputs("values", parts).input("axis", TensorValue.scalar(axis)).output();
        }
        return one(y);
    }

    private static Var gather(Builder b, Var x, int[] indices, int axis) {
        return b.op("gather").input("x", x).input("indices", TensorValue.vector(indices))
                .input("axis", TensorValue.scalar(axis)).output();
    }
}
