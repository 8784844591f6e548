package dev.mil4j.frontend.onnx.translate;

import static dev.mil4j.frontend.onnx.translate.Emit.one;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslation;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Shape manipulation: {@code Reshape}, {@code Flatten}, {@code Transpose}, {@code Squeeze}/{@code Unsqueeze}
 * (axes an attribute before opset 13, an input after), {@code Concat}, {@code Split}, {@code Gather}, {@code Expand},
 * {@code Tile}, {@code Pad}. {@code Slice} is in {@link SliceTranslation}.
 */
final class TensorTranslations {
    private TensorTranslations() {
    }

    static List<Builtin> all() {
        return List.of(
                Builtin.of("Concat", 4, (n, c) -> {
                    List<Var> values = new java.util.ArrayList<>();
                    for (int i = 0; i < c.inputCount(); i++) {
                        values.add(c.input(i));
                    }
                    long axis = n.intAttribute("axis").orElseThrow(() -> c.error("has no axis"));
                    if (values.size() == 1) {
                        return one(values.get(0));
                    }
                    return one(c.builder().op("concat").inputs("values", values)
                            .input("axis", TensorValue.scalar(Emit.axis(c, axis, Emit.rank(values.get(0)))))
                            .output());
                }),
                Builtin.of("Expand", 8, TensorTranslations::expand),
                Builtin.of("Flatten", 1, (n, c) -> {
                    Var x = c.input(0);
                    long axis = n.intAttribute("axis", 1);
                    int rank = Emit.rank(x);
                    if (axis < -rank || axis > rank) {
                        throw c.error("axis " + axis + " is out of range for rank " + rank);
                    }
                    return one(c.builder().op("flatten2d").input("x", x)
                            .input("axis", TensorValue.scalar((int) (axis < 0 ? axis + rank : axis))).output());
                }),
                Builtin.of("Gather", 1, TensorTranslations::gather),
                Builtin.of("Pad", 2, (n, c) -> pad(c, c.input(0), n.intsAttribute("pads")
                        .orElseThrow(() -> c.error("has no pads")), n.floatAttribute("value", 0f),
                        n.stringAttribute("mode", "constant"))),
                Builtin.of("Pad", 11, (n, c) -> {
                    if (c.hasInput(3)) {
                        throw c.error("pads selected axes (input axes), which is not supported yet",
                                "export with opset 17 or lower");
                    }
                    double value = c.hasInput(2) ? c.constInput(2, "constant_value").getDouble(0) : 0;
                    return pad(c, c.input(0), Emit.longs(c.constInput(1, "pads")), value,
                            n.stringAttribute("mode", "constant"));
                }),
                Builtin.of("Reshape", 5, TensorTranslations::reshape),
                Builtin.of("Split", 2, (n, c) -> split(n, c, n.intsAttribute("split"))),
                Builtin.of("Split", 13, (n, c) -> split(n, c,
                        c.hasInput(1) ? Optional.of(Emit.longs(c.constInput(1, "split"))) : Optional.empty())),
                Builtin.of("Squeeze", 1, (n, c) -> squeeze(c, n.intsAttribute("axes"))),
                Builtin.of("Squeeze", 13, (n, c) -> squeeze(c,
                        c.hasInput(1) ? Optional.of(Emit.longs(c.constInput(1, "axes"))) : Optional.empty())),
                Builtin.of("Tile", 6, (n, c) -> one(c.builder().op("tile").input("x", c.input(0))
                        .input("reps", c.input(1)).output())),
                Builtin.of("Transpose", 1, (n, c) -> {
                    Var x = c.input(0);
                    int rank = Emit.rank(x);
                    int[] perm = n.intsAttribute("perm").map(p -> Emit.axes(c, p, rank)).orElseGet(() -> {
                        int[] r = new int[rank];
                        for (int i = 0; i < rank; i++) {
                            r[i] = rank - 1 - i;
                        }
                        return r;
                    });
                    return one(Emit.transpose(c.builder(), x, perm));
                }),
                Builtin.of("Unsqueeze", 1, unsqueeze(false)),
                Builtin.of("Unsqueeze", 13, unsqueeze(true)));
    }

    private static List<Var> reshape(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        Optional<TensorValue> shape = c.constInput(1);
        if (shape.isEmpty()) {
            return one(c.builder().op("reshape").input("x", x).input("shape", c.input(1)).output());
        }
        long[] s = Emit.longs(shape.get());
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
        return one(Emit.reshape(c.builder(), x, s));
    }

    private static List<Var> squeeze(OnnxTranslationContext c, Optional<long[]> axes) {
        Var x = c.input(0);
        Builder.OpBuilder op = c.builder().op("squeeze").input("x", x);
        axes.ifPresent(a -> op.input("axes", TensorValue.vector(Emit.axes(c, a, Emit.rank(x)))));
        return one(op.output());
    }

    private static OnnxTranslation unsqueeze(boolean axesInput) {
        return (n, c) -> {
            Var x = c.input(0);
            long[] axes = axesInput ? Emit.longs(c.constInput(1, "axes"))
                    : n.intsAttribute("axes").orElseThrow(() -> c.error("has no axes"));
            int outRank = Emit.rank(x) + axes.length;
            int[] a = Emit.axes(c, axes, outRank);
            Arrays.sort(a);
            return one(c.builder().op("expand_dims").input("x", x).input("axes", TensorValue.vector(a)).output());
        };
    }

    private static List<Var> split(OnnxNode n, OnnxTranslationContext c, Optional<long[]> sizes) {
        Var x = c.input(0);
        int axis = Emit.axis(c, n.intAttribute("axis", 0), Emit.rank(x));
        int parts = n.outputs().size();
        Builder.OpBuilder op = c.builder().op("split").input("x", x).input("axis", TensorValue.scalar(axis));
        if (sizes.isPresent()) {
            op.input("split_sizes", TensorValue.vector(Emit.ints(sizes.get())));
        } else {
            Dim d = Emit.dim(x, axis);
            if (d.isKnown() && d.size() % parts != 0) {
                // opset 18's num_outputs: equal parts of ceil(size / parts), the last one smaller
                long chunk = (d.size() + parts - 1) / parts;
                int[] s = new int[parts];
                for (int i = 0; i < parts; i++) {
                    s[i] = (int) Math.max(0, Math.min(chunk, d.size() - chunk * i));
                }
                op.input("split_sizes", TensorValue.vector(s));
            } else {
                op.input("num_splits", TensorValue.scalar(parts));
            }
        }
        return op.outputs();
    }

    private static List<Var> gather(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        int axis = Emit.axis(c, n.intAttribute("axis", 0), Emit.rank(x));
        Var indices = c.input(1);
        Dim d = Emit.dim(x, axis);
        if (indices.isConst() && d.isKnown()) {
            long[] idx = Emit.longs(indices.value().orElseThrow());
            boolean negative = false;
            for (int i = 0; i < idx.length; i++) {
                if (idx[i] < -d.size() || idx[i] >= d.size()) {
                    throw c.error("index " + idx[i] + " is out of range for dim " + axis + " of size " + d.size());
                }
                if (idx[i] < 0) {
                    idx[i] += d.size();
                    negative = true;
                }
            }
            if (negative) {
                indices = c.builder().constant(TensorValue.fromLongs(indices.tensorType().dtype(),
                        indices.tensorType().shape(), idx));
            }
        }
        return one(c.builder().op("gather").input("x", x).input("indices", indices)
                .input("axis", TensorValue.scalar(axis)).output());
    }

    /** ONNX pads {@code [b1..bn, e1..en]} as MIL's {@code [b1, e1, ..., bn, en]}; {@code edge} is {@code replicate}. */
    private static List<Var> pad(OnnxTranslationContext c, Var x, long[] pads, double value, String mode) {
        int rank = Emit.rank(x);
        if (pads.length != 2 * rank) {
            throw c.error("has " + pads.length + " pads for rank " + rank + "; expected " + 2 * rank);
        }
        int[] p = new int[2 * rank];
        for (int i = 0; i < rank; i++) {
            if (pads[i] < 0 || pads[rank + i] < 0) {
                throw c.error("has negative pads (cropping), which is not supported",
                        "crop with Slice instead");
            }
            p[2 * i] = Math.toIntExact(pads[i]);
            p[2 * i + 1] = Math.toIntExact(pads[rank + i]);
        }
        String milMode = switch (mode) {
            case "constant" -> "constant";
            case "reflect" -> "reflect";
            case "edge" -> "replicate";
            default -> throw c.error("has mode `" + mode + "`; supported: constant, reflect, edge");
        };
        Builder.OpBuilder op = c.builder().op("pad").input("x", x).input("pad", TensorValue.vector(p))
                .input("mode", TensorValue.scalar(milMode));
        if (milMode.equals("constant")) {
            op.input("constant_val", Emit.scalarLike(x, value));
        }
        return one(op.output());
    }

    /** Broadcasts {@code x} to a shape: {@code tile} when the shapes are static, else {@code x * ones(shape)}. */
    private static List<Var> expand(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        Builder b = c.builder();
        Optional<TensorValue> target = c.constInput(1);
        Shape in = x.tensorType().shape();
        if (target.isPresent() && in.isStatic()) {
            long[] t = Emit.longs(target.get());
            long[] s = in.toLongArray();
            int rank = Math.max(t.length, s.length);
            long[] padded = new long[rank];
            Arrays.fill(padded, 1);
            System.arraycopy(s, 0, padded, rank - s.length, s.length);
            int[] reps = new int[rank];
            boolean tile = false;
            for (int i = 0; i < rank; i++) {
                long ti = i - (rank - t.length) >= 0 ? t[i - (rank - t.length)] : 1;
                if (padded[i] != 1 && ti != 1 && ti != padded[i]) {
                    throw c.error("cannot broadcast " + in + " to " + Arrays.toString(t));
                }
                reps[i] = padded[i] == 1 ? (int) Math.max(ti, 1) : 1;
                tile |= reps[i] != 1;
            }
            Var y = rank > s.length ? Emit.reshape(b, x, padded) : x;
            return one(tile ? b.op("tile").input("x", y).input("reps", TensorValue.vector(reps)).output() : y);
        }
        Var ones = b.op("fill").input("shape", c.input(1)).input("value", Emit.scalarLike(x, 1)).output();
        return one(Emit.binary(b, "mul", x, ones));
    }
}
