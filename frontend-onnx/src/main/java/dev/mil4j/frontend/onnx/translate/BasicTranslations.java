package dev.mil4j.frontend.onnx.translate;

import static dev.mil4j.frontend.onnx.translate.Emit.one;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTypes;
import java.util.List;

/**
 * Constants, shapes and plumbing: {@code Constant}, {@code ConstantOfShape}, {@code Shape}, {@code Cast},
 * {@code Identity}, {@code Dropout} (inference: the identity), {@code Range} and {@code CumSum}.
 */
final class BasicTranslations {
    private BasicTranslations() {
    }

    static List<Builtin> all() {
        return List.of(
                Builtin.of("Cast", 6, (n, c) -> {
                    Var x = c.input(0);
                    int to = (int) n.intAttribute("to").orElseThrow(() -> c.error("has no `to` type"));
                    DType target = OnnxTypes.milDtype(to).orElseThrow(() -> c.error("casts to "
                            + OnnxTypes.name(to) + ", which has no MIL equivalent"));
                    if (target == Emit.dtype(x)) {
                        return one(x);
                    }
                    return one(c.builder().op("cast").input("x", x)
                            .input("dtype", TensorValue.scalar(target.milName())).output());
                }),
                Builtin.of("Constant", 1, BasicTranslations::constant),
                Builtin.of("ConstantOfShape", 9, (n, c) -> {
                    TensorValue value = n.tensorAttribute("value").map(t -> c.tensorValue(t, "value"))
                            .orElse(TensorValue.ofFloats(Shape.of(1), 0f));
                    if (value.elementCount() != 1) {
                        throw c.error("has a value of " + value.elementCount() + " elements; expected one");
                    }
                    TensorValue scalar = value.reshape(Shape.scalar());
                    if (c.constInput(0).isPresent()) {
                        long[] dims = Emit.longs(c.constInput(0).get());
                        double[] fill = new double[Math.toIntExact(Shape.of(dims).elementCount().orElseThrow())];
                        java.util.Arrays.fill(fill, scalar.getDouble(0));
                        return one(c.builder().constant(TensorValue.fromDoubles(value.dtype(), Shape.of(dims), fill)));
                    }
                    return one(c.builder().op("fill").input("shape", c.input(0)).input("value", scalar).output());
                }),
                Builtin.of("CumSum", 11, (n, c) -> one(c.builder().op("cumsum").input("x", c.input(0))
                        .input("axis", TensorValue.scalar(Emit.axis(c, c.constInput(1, "axis").getLong(0),
                                Emit.rank(c.input(0)))))
                        .input("exclusive", TensorValue.scalar(n.intAttribute("exclusive", 0) != 0))
                        .input("reverse", TensorValue.scalar(n.intAttribute("reverse", 0) != 0)).output())),
                Builtin.of("Dropout", 1, (n, c) -> one(c.input(0))),
                Builtin.of("Identity", 1, (n, c) -> one(c.input(0))),
                Builtin.of("Range", 11, (n, c) -> one(c.builder().op("range_1d").input("end", scalar(c, 1))
                        .input("start", scalar(c, 0)).input("step", scalar(c, 2)).output())),
                Builtin.of("Shape", 1, BasicTranslations::shape));
    }

    /** A scalar input; a one-element vector is reshaped to a scalar. */
    private static Var scalar(OnnxTranslationContext c, int i) {
        Var v = c.input(i);
        if (v.tensorType().isScalar()) {
            return v;
        }
        return Emit.reshape(c.builder(), v, new long[0]);
    }

    private static List<Var> constant(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
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
            v = TensorValue.ofStrings(Shape.of(n.stringsAttribute("value_strings").orElseThrow().size()),
                    n.stringsAttribute("value_strings").orElseThrow().toArray(String[]::new));
        } else {
            throw c.error("has no value attribute (sparse_value is not supported)");
        }
        return one(b.constant(v, name));
    }

    private static long clamp(long v) {
        return Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /** {@code shape(x)}; opset 15's {@code start}/{@code end} select a range of dims. */
    private static List<Var> shape(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        Var s = c.builder().op("shape").input("x", x).output();
        if (!n.hasAttribute("start") && !n.hasAttribute("end")) {
            return one(s);
        }
        int rank = Emit.rank(x);
        long start = n.intAttribute("start", 0);
        long end = n.intAttribute("end", rank);
        start = Math.max(0, Math.min(rank, start < 0 ? start + rank : start));
        end = Math.max(0, Math.min(rank, end < 0 ? end + rank : end));
        return one(c.builder().op("slice_by_index").input("x", s).input("begin", TensorValue.vector((int) start))
                .input("end", TensorValue.vector((int) Math.max(start, end))).output());
    }
}
