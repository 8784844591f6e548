package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.frontend.onnx.OnnxTypes;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Values and whole tensors: {@code Constant}, {@code ConstantOfShape}, {@code Range}, {@code Cast},
 * {@code Identity}, {@code Dropout} (inference: the identity), {@code Concat}, {@code Split}, {@code Tile},
 * {@code Expand}, {@code Pad}, {@code TopK} ({@code k} an attribute before opset 10, an input after) and
 * {@code CumSum}.
 */
final class TensorTranslations {
    private TensorTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                OnnxTranslations.of("Cast", 6, TensorTranslations::cast),
                OnnxTranslations.of("CastLike", 15, (n, c) -> {
                    Var x = c.input(0);
                    DType target = c.input(1).tensorType().dtype();
                    return List.of(target == x.tensorType().dtype() ? x : MathOps.cast(c.builder(), x, target));
                }),
                OnnxTranslations.of("Concat", 4, (n, c) -> {
                    List<Var> values = c.inputs(0);
                    long axis = n.intAttribute("axis").orElseThrow(() -> c.error("has no axis"));
                    if (values.size() == 1) {
                        return List.of(values.get(0));
                    }
                    return List.of(TensorOps.concat(c.builder(), values,
                            c.axis(axis, values.get(0).tensorType().rank())));
                }),
                OnnxTranslations.of("Constant", 1, TensorTranslations::constant),
                OnnxTranslations.of("ConstantOfShape", 9, TensorTranslations::constantOfShape),
                OnnxTranslations.of("CumSum", 11, TensorTranslations::cumsum),
                OnnxTranslations.of("Dropout", 1, TensorTranslations::dropout),
                OnnxTranslations.of("Expand", 8, TensorTranslations::expand),
                OnnxTranslations.of("EyeLike", 9, TensorTranslations::eyeLike),
                OnnxTranslations.of("Identity", 1, (n, c) -> List.of(c.input(0))),
                OnnxTranslations.of("Pad", 2, (n, c) -> pad(c, c.input(0), n.intsAttribute("pads")
                        .orElseThrow(() -> c.error("has no pads")), n.floatAttribute("value", 0f),
                        n.stringAttribute("mode", "constant"))),
                OnnxTranslations.of("Pad", 11, (n, c) -> {
                    if (c.hasInput(3)) {
                        throw c.error("pads selected axes (input axes), which is not supported yet",
                                "export with opset 17 or lower");
                    }
                    if (c.constInput(1).isEmpty() || c.hasInput(2) && c.constInput(2).isEmpty()) {
                        return List.of(runtimePad(c, c.input(0), n.stringAttribute("mode", "constant")));
                    }
                    double value = c.hasInput(2) ? c.constInput(2, "constant_value").getDouble(0) : 0;
                    return pad(c, c.input(0), c.constInput(1, "pads").toLongArray(), value,
                            n.stringAttribute("mode", "constant"));
                }),
                OnnxTranslations.of("Range", 11, (n, c) -> {
                    Var end = scalar(c, 1);
                    Var start = scalar(c, 0);
                    return List.of(MathOps.range1d(c.builder(), start, end, scalar(c, 2)));
                }),
                OnnxTranslations.of("Split", 2, (n, c) -> split(n, c, n.intsAttribute("split"))),
                OnnxTranslations.of("Split", 13, (n, c) -> !c.hasInput(1) || c.constInput(1).isPresent()
                        ? split(n, c, c.hasInput(1) ? Optional.of(c.constInput(1, "split").toLongArray())
                                : Optional.empty())
                        : runtimeSplit(n, c)),
                OnnxTranslations.of("Tile", 6, (n, c) -> List.of(TensorOps.tile(c.builder(), c.input(0),
                        c.input(1)))),
                OnnxTranslations.of("TopK", 1, (n, c) -> topk(n, c, n.intAttribute("k")
                        .orElseThrow(() -> c.error("has no k")))),
                OnnxTranslations.of("TopK", 10, (n, c) -> c.constInput(1).isPresent()
                        ? topk(n, c, c.constInput(1, "k").getLong(0)) : runTimeTopk(n, c)));
    }

    /**
     * Inference dropout: the input, and the mask output (opset 10+) all true; training mode (opset 12's third input
     * true) with a non-zero ratio is random and refused.
     */
    private static List<Var> dropout(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        boolean training = c.hasInput(2) && c.constInput(2).map(v -> v.getLong(0) != 0).orElse(true);
        boolean zeroRatio = c.hasInput(1) && c.constInput(1).map(v -> v.getDouble(0) == 0).orElse(false);
        if (training && !zeroRatio) {
            throw c.error("is in training mode, which drops elements at random",
                    "export the model in eval mode (model.eval() before torch.onnx.export)");
        }
        if (n.outputs().size() < 2 || n.outputs().get(1).isEmpty()) {
            return List.of(x);
        }
        Builder b = c.builder();
        return List.of(x, MathOps.fill(b, MathOps.shape(b, x), TensorValue.scalar(true)));
    }

    /**
     * {@code cumsum} along a constant axis; an axis known only at run time selects among the sums along every axis
     * (the shape is the same for all).
     */
    private static List<Var> cumsum(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        int rank = x.tensorType().rank();
        boolean exclusive = n.intAttribute("exclusive", 0) != 0;
        boolean reverse = n.intAttribute("reverse", 0) != 0;
        Builder b = c.builder();
        Optional<TensorValue> axis = c.constInput(1);
        if (axis.isPresent()) {
            return List.of(TensorOps.cumsum(b, x, c.axis(axis.get().getLong(0), rank), exclusive, reverse));
        }
        Var a = c.input(1);
        a = a.tensorType().isScalar() ? a : TensorOps.reshape(b, a);
        if (a.tensorType().dtype() != DType.INT32) {
            a = MathOps.cast(b, a, DType.INT32);
        }
        // a negative axis counts from the end
        Var zero = b.constant(TensorValue.scalar(0));
        a = TensorOps.select(b, MathOps.less(b, a, zero), MathOps.add(b, a, b.constant(TensorValue.scalar(rank))), a);
        Var out = TensorOps.cumsum(b, x, rank - 1, exclusive, reverse);
        for (int i = rank - 2; i >= 0; i--) {
            out = TensorOps.select(b, MathOps.equal(b, a, b.constant(TensorValue.scalar(i))),
                    TensorOps.cumsum(b, x, i, exclusive, reverse), out);
        }
        return List.of(out);
    }

    /** Ones on diagonal {@code k} of a 2-D shape like the input, of dtype {@code dtype} (default the input's). */
    private static List<Var> eyeLike(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        long[] shape = c.staticShape(x, "EyeLike");
        if (shape.length != 2) {
            throw c.error("needs a 2-D input, got " + x.tensorType());
        }
        DType dtype = n.intAttribute("dtype").isPresent()
                ? OnnxTypes.computeDtype((int) n.intAttribute("dtype").getAsLong()).orElseThrow(() ->
                        c.error("has a dtype with no MIL equivalent"))
                : x.tensorType().dtype();
        long k = n.intAttribute("k", 0);
        double[] v = new double[Math.toIntExact(shape[0] * shape[1])];
        for (long i = 0; i < shape[0]; i++) {
            long j = i + k;
            if (j >= 0 && j < shape[1]) {
                v[(int) (i * shape[1] + j)] = 1;
            }
        }
        return List.of(c.builder().constant(TensorValue.fromDoubles(dtype, Shape.of(shape), v)));
    }

    private static List<Var> cast(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        int to = (int) n.intAttribute("to").orElseThrow(() -> c.error("has no `to` type"));
        DType target = OnnxTypes.computeDtype(to).orElseThrow(() -> c.error("casts to " + OnnxTypes.name(to)
                + ", which has no MIL equivalent"));
        return List.of(target == x.tensorType().dtype() ? x : MathOps.cast(c.builder(), x, target));
    }

    /** A scalar input; a one-element vector is reshaped to a scalar. */
    private static Var scalar(OnnxTranslationContext c, int i) {
        Var v = c.input(i);
        return v.tensorType().isScalar() ? v : TensorOps.reshape(c.builder(), v);
    }

    private static List<Var> topk(OnnxNode n, OnnxTranslationContext c, long k) {
        Var x = c.input(0);
        int axis = c.axis(n.intAttribute("axis", -1), x.tensorType().rank());
        TensorOps.TopK t = TensorOps.topk(c.builder(), x, Math.toIntExact(k), axis,
                n.intAttribute("largest", 1) == 0);
        return List.of(t.values(), t.indices());
    }

    /** {@code TopK} with {@code k} computed at run time (MIL's is const): {@link TensorOps#topkRunTime}. */
    private static List<Var> runTimeTopk(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        int axis = c.axis(n.intAttribute("axis", -1), x.tensorType().rank());
        TensorOps.TopK t = TensorOps.topkRunTime(c.builder(), x, c.input(1), axis, n.intAttribute("largest", 1) == 0);
        return List.of(t.values(), t.indices());
    }

    private static List<Var> split(OnnxNode n, OnnxTranslationContext c, Optional<long[]> sizes) {
        Var x = c.input(0);
        int axis = c.axis(n.intAttribute("axis", 0), x.tensorType().rank());
        int parts = n.outputs().size();
        if (sizes.isPresent()) {
            return TensorOps.splitAlong(c.builder(), x, axis, c.ints(sizes.get()));
        }
        Dim d = x.tensorType().shape().dim(axis);
        if (d.isKnown() && d.size() % parts != 0) {
            // opset 18's num_outputs: equal parts of ceil(size / parts), the last one smaller
            long chunk = (d.size() + parts - 1) / parts;
            int[] s = new int[parts];
            for (int i = 0; i < parts; i++) {
                s[i] = (int) Math.max(0, Math.min(chunk, d.size() - chunk * i));
            }
            return TensorOps.splitAlong(c.builder(), x, axis, s);
        }
        return TensorOps.splitAlong(c.builder(), x, axis, parts);
    }

    /**
     * {@code Split} with sizes known only at run time: part {@code i} is a {@code slice_by_index} from the sum of the
     * sizes before it to the sum up to it along the axis (the whole of every other dim); its length along the axis
     * is known only at run time.
     */
    private static List<Var> runtimeSplit(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
        Var x = c.input(0);
        int rank = x.tensorType().rank();
        int axis = c.axis(n.intAttribute("axis", 0), rank);
        Var sizes = c.input(1);
        sizes = sizes.tensorType().dtype() == DType.INT32 ? sizes : MathOps.cast(b, sizes, DType.INT32);
        Var ends = TensorOps.cumsum(b, sizes, 0, false, false);
        Var begins = MathOps.sub(b, ends, sizes);
        Var shape = MathOps.shape(b, x);
        List<Var> parts = new ArrayList<>();
        for (int i = 0; i < n.outputs().size(); i++) {
            Var begin = withAxis(b, b.constant(TensorValue.vector(new int[rank])), begins, i, axis, rank);
            Var end = withAxis(b, shape, ends, i, axis, rank);
            parts.add(TensorOps.sliceByIndex(b, x, begin, end));
        }
        return parts;
    }

    /** {@code full} (a rank-long vector) with entry {@code axis} replaced by {@code values[i]}. */
    private static Var withAxis(Builder b, Var full, Var values, int i, int axis, int rank) {
        List<Var> pieces = new ArrayList<>();
        if (axis > 0) {
            pieces.add(TensorOps.sliceByIndex(b, full, new int[] {0}, new int[] {axis}));
        }
        pieces.add(TensorOps.sliceByIndex(b, values, new int[] {i}, new int[] {i + 1}));
        if (axis < rank - 1) {
            pieces.add(TensorOps.sliceByIndex(b, full, new int[] {axis + 1}, new int[] {rank}));
        }
        return pieces.size() == 1 ? pieces.get(0) : TensorOps.concat(b, pieces, 0);
    }

    /** ONNX pads {@code [b1..bn, e1..en]} as MIL's {@code [b1, e1, ..., bn, en]}; {@code edge} is {@code replicate}. */
    /**
     * {@code Pad} with pads or the constant value known only at run time: MIL's {@code pad} takes run-time pads
     * covering every dim (ONNX's begins-then-ends reordered to begin/end pairs), in fp32 (integers are cast there and
     * back); a run-time constant value is added where a mask of ones, padded by the same op, is 0.
     */
    private static Var runtimePad(OnnxTranslationContext c, Var x, String mode) {
        Builder b = c.builder();
        int rank = x.tensorType().rank();
        Var pads = c.input(1);
        if (pads.tensorType().dtype() != DType.INT32) {
            pads = MathOps.cast(b, pads, DType.INT32);
        }
        Var pairs = TensorOps.reshape(b, TensorOps.transpose(b, TensorOps.reshape(b, pads, 2, rank), 1, 0), 2 * rank);
        String milMode = switch (mode) {
            case "constant" -> "constant";
            case "reflect" -> "reflect";
            case "edge" -> "replicate";
            default -> throw c.error("has mode `" + mode + "`; supported: constant, reflect, edge");
        };
        DType dtype = x.tensorType().dtype();
        Var in = dtype.isFloat() ? x : MathOps.cast(b, x, DType.FP32);
        boolean runtimeValue = milMode.equals("constant") && c.hasInput(2);
        if (runtimeValue) {
            // x and a mask of ones padded by one op, so the two results share their (run-time) dims
            Var ones = MathOps.fill(b, MathOps.shape(b, in), TensorValue.scalar(1f));
            in = TensorOps.stack(b, List.of(in, ones), 0);
            pairs = TensorOps.concat(b, List.of(b.constant(TensorValue.vector(0, 0)), pairs), 0);
        }
        Var padded = b.op("pad").input("x", in).input("pad", pairs).input("mode", TensorValue.scalar(milMode))
                .input("constant_val", TensorValue.scalar(0f)).output();
        if (runtimeValue) {
            List<Var> parts = TensorOps.split(b, padded, 2, 0);
            Var value = c.input(2);
            value = value.tensorType().isScalar() ? value : TensorOps.reshape(b, value);
            value = value.tensorType().dtype() == DType.FP32 ? value : MathOps.cast(b, value, DType.FP32);
            Var outside = MathOps.sub(b, b.constant(TensorValue.scalar(1f)), TensorOps.squeeze(b, parts.get(1), 0));
            padded = MathOps.add(b, TensorOps.squeeze(b, parts.get(0), 0), MathOps.mul(b, outside, value));
        }
        return dtype.isFloat() ? padded : MathOps.cast(b, padded, dtype);
    }

    private static List<Var> pad(OnnxTranslationContext c, Var x, long[] pads, double value, String mode) {
        int rank = x.tensorType().rank();
        if (pads.length != 2 * rank) {
            throw c.error("has " + pads.length + " pads for rank " + rank + "; expected " + 2 * rank);
        }
        int[] p = new int[2 * rank];
        for (int i = 0; i < rank; i++) {
            if (pads[i] < 0 || pads[rank + i] < 0) {
                throw c.error("has negative pads (cropping), which is not supported", "crop with Slice instead");
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
        return List.of(TensorOps.pad(c.builder(), x, p, milMode, value));
    }

    /** Broadcasts {@code x} to a shape: {@code tile} when the shapes are static, else {@code x * ones(shape)}. */
    private static List<Var> expand(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        Builder b = c.builder();
        Optional<TensorValue> target = c.constInput(1);
        Shape in = x.tensorType().shape();
        if (target.isPresent() && in.isStatic()) {
            long[] t = target.get().toLongArray();
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
            Var y = rank > s.length ? TensorOps.reshape(b, x, c.ints(padded)) : x;
            return List.of(tile ? TensorOps.tile(b, y, reps) : y);
        }
        Var ones = MathOps.fill(b, c.input(1), TensorValue.fromDoubles(x.tensorType().dtype(), Shape.scalar(), 1));
        return List.of(MathOps.mul(b, x, ones));
    }

    private static List<Var> constant(OnnxNode n, OnnxTranslationContext c) {
        String name = OnnxTypes.sanitize(n.outputs().isEmpty() ? "" : n.outputs().get(0), "const");
        TensorValue v;
        if (n.tensorAttribute("value").isPresent()) {
            v = c.tensorValue(n.tensorAttribute("value").get(), "value");
        } else if (n.hasAttribute("value_float")) {
            v = TensorValue.scalar(n.floatAttribute("value_float", 0f));
        } else if (n.hasAttribute("value_floats")) {
            float[] f = n.floatsAttribute("value_floats").orElseThrow();
            v = TensorValue.ofFloats(Shape.of(f.length), f);
        } else if (n.hasAttribute("value_int")) {
            v = TensorValue.fromLongs(DType.INT32, Shape.scalar(), clamp(n.intAttribute("value_int", 0)));
        } else if (n.hasAttribute("value_ints")) {
            long[] l = n.intsAttribute("value_ints").orElseThrow();
            for (int i = 0; i < l.length; i++) {
                l[i] = clamp(l[i]);
            }
            v = TensorValue.fromLongs(DType.INT32, Shape.of(l.length), l);
        } else if (n.hasAttribute("value_string")) {
            v = TensorValue.scalar(n.stringAttribute("value_string", ""));
        } else if (n.hasAttribute("value_strings")) {
            List<String> strings = n.stringsAttribute("value_strings").orElseThrow();
            v = TensorValue.ofStrings(Shape.of(strings.size()), strings.toArray(String[]::new));
        } else {
            throw c.error("has no value attribute (sparse_value is not supported)");
        }
        return List.of(c.builder().constant(v, name));
    }

    private static long clamp(long v) {
        return Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /** {@code fill}, or the filled constant when the shape is constant. */
    private static List<Var> constantOfShape(OnnxNode n, OnnxTranslationContext c) {
        TensorValue value = n.tensorAttribute("value").map(t -> c.tensorValue(t, "value"))
                .orElse(TensorValue.ofFloats(Shape.of(1), 0f));
        if (value.elementCount() != 1) {
            throw c.error("has a value of " + value.elementCount() + " elements; expected one");
        }
        TensorValue scalar = value.reshape(Shape.scalar());
        if (c.constInput(0).isPresent()) {
            long[] dims = c.constInput(0).get().toLongArray();
            double[] fill = new double[Math.toIntExact(Shape.of(dims).elementCount().orElseThrow())];
            Arrays.fill(fill, scalar.getDouble(0));
            return List.of(c.builder().constant(TensorValue.fromDoubles(value.dtype(), Shape.of(dims), fill)));
        }
        return List.of(MathOps.fill(c.builder(), c.input(0), scalar));
    }
}
