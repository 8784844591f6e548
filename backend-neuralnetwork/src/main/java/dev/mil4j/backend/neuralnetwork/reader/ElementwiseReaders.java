package dev.mil4j.backend.neuralnetwork.reader;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.NeuralNetworkLayer.LayerCase;
import dev.mil4j.spec.proto.UnaryFunctionLayerParams;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Element-wise layers: the rank-5 {@code add}, {@code multiply}, {@code average}, {@code max}, {@code min} with any
 * number of inputs (one input with the {@code alpha} constant), {@code unary}, the broadcastable binary layers, the
 * comparisons (against {@code alpha} when given one input), the logical layers (non-zero is true), {@code clip},
 * {@code whereBroadcastable} and the one-input math layers.
 */
final class ElementwiseReaders {
    private ElementwiseReaders() {
    }

    static Map<LayerCase, LayerReader> readers() {
        Map<LayerCase, LayerReader> m = new HashMap<>();
        m.put(LayerCase.ADD, (l, cx) -> fold(cx, "add", l.getAdd().getAlpha()));
        m.put(LayerCase.MULTIPLY, (l, cx) -> fold(cx, "mul", l.getMultiply().getAlpha()));
        m.put(LayerCase.MAX, (l, cx) -> fold(cx, "maximum", 0));
        m.put(LayerCase.MIN, (l, cx) -> fold(cx, "minimum", 0));
        m.put(LayerCase.AVERAGE, ElementwiseReaders::average);
        m.put(LayerCase.UNARY, ElementwiseReaders::unary);
        m.put(LayerCase.CLIP, (l, cx) -> cx.output(cx.op("clip").input("x", cx.in(0))
                .input("alpha", TensorValue.scalar(l.getClip().getMinVal()))
                .input("beta", TensorValue.scalar(l.getClip().getMaxVal())).output()));
        binary(m, LayerCase.ADDBROADCASTABLE, "add");
        binary(m, LayerCase.SUBTRACTBROADCASTABLE, "sub");
        binary(m, LayerCase.MULTIPLYBROADCASTABLE, "mul");
        binary(m, LayerCase.DIVIDEBROADCASTABLE, "real_div");
        binary(m, LayerCase.POWBROADCASTABLE, "pow");
        binary(m, LayerCase.MAXBROADCASTABLE, "maximum");
        binary(m, LayerCase.MINBROADCASTABLE, "minimum");
        binary(m, LayerCase.FLOORDIVBROADCASTABLE, "floor_div");
        binary(m, LayerCase.MODBROADCASTABLE, "mod");
        m.put(LayerCase.EQUAL, (l, cx) -> compare(cx, "equal", l.getEqual().getAlpha()));
        m.put(LayerCase.NOTEQUAL, (l, cx) -> compare(cx, "not_equal", l.getNotEqual().getAlpha()));
        m.put(LayerCase.GREATERTHAN, (l, cx) -> compare(cx, "greater", l.getGreaterThan().getAlpha()));
        m.put(LayerCase.GREATEREQUAL, (l, cx) -> compare(cx, "greater_equal", l.getGreaterEqual().getAlpha()));
        m.put(LayerCase.LESSTHAN, (l, cx) -> compare(cx, "less", l.getLessThan().getAlpha()));
        m.put(LayerCase.LESSEQUAL, (l, cx) -> compare(cx, "less_equal", l.getLessEqual().getAlpha()));
        m.put(LayerCase.LOGICALAND, (l, cx) -> logical(cx, "logical_and"));
        m.put(LayerCase.LOGICALOR, (l, cx) -> logical(cx, "logical_or"));
        m.put(LayerCase.LOGICALXOR, (l, cx) -> logical(cx, "logical_xor"));
        m.put(LayerCase.LOGICALNOT, (l, cx) -> cx.output(cx.op("logical_not").input("x", truth(cx, cx.in(0)))
                .output()));
        m.put(LayerCase.WHEREBROADCASTABLE, (l, cx) -> cx.output(cx.op("select").input("cond", truth(cx, cx.in(0)))
                .input("a", cx.in(1)).input("b", cx.in(2)).output()));
        for (Map.Entry<LayerCase, String> e : Map.ofEntries(Map.entry(LayerCase.SIN, "sin"),
                Map.entry(LayerCase.COS, "cos"), Map.entry(LayerCase.TAN, "tan"), Map.entry(LayerCase.ASIN, "asin"),
                Map.entry(LayerCase.ACOS, "acos"), Map.entry(LayerCase.ATAN, "atan"),
                Map.entry(LayerCase.SINH, "sinh"), Map.entry(LayerCase.COSH, "cosh"),
                Map.entry(LayerCase.TANH, "tanh"), Map.entry(LayerCase.ATANH, "atanh"),
                Map.entry(LayerCase.ERF, "erf"), Map.entry(LayerCase.EXP2, "exp2"),
                Map.entry(LayerCase.FLOOR, "floor"), Map.entry(LayerCase.CEIL, "ceil"),
                Map.entry(LayerCase.ROUND, "round"), Map.entry(LayerCase.SIGN, "sign")).entrySet()) {
            m.put(e.getKey(), (l, cx) -> cx.output(cx.op(e.getValue()).input("x", cx.in(0)).output()));
        }
        return m;
    }

    private static void binary(Map<LayerCase, LayerReader> m, LayerCase kind, String op) {
        m.put(kind, (l, cx) -> cx.output(cx.op(op).input("x", cx.in(0)).input("y", cx.in(1)).output()));
    }

    // inputs folded left to right; a single input is combined with the constant alpha
    private static void fold(ReadContext cx, String op, float alpha) {
        List<Var> in = cx.ins();
        if (in.isEmpty()) {
            throw new ReaderException("has no input");
        }
        Var acc = in.get(0);
        if (in.size() == 1) {
            acc = cx.op(op).input("x", acc).input("y", TensorValue.scalar(alpha)).output();
        }
        for (int i = 1; i < in.size(); i++) {
            acc = cx.op(op).input("x", acc).input("y", in.get(i)).output();
        }
        cx.output(acc);
    }

    private static void average(NeuralNetworkLayer l, ReadContext cx) {
        List<Var> in = cx.ins();
        Var acc = in.get(0);
        for (int i = 1; i < in.size(); i++) {
            acc = cx.op("add").input("x", acc).input("y", in.get(i)).output();
        }
        cx.output(cx.op("mul").input("x", acc).input("y", TensorValue.scalar(1f / in.size())).output());
    }

    private static void compare(ReadContext cx, String op, float alpha) {
        Var x = cx.in(0);
        Var y = cx.inputCount() == 1 ? cx.constant(TensorValue.scalar(alpha)) : cx.in(1);
        cx.output(cx.op(op).input("x", x).input("y", y).output());
    }

    private static void logical(ReadContext cx, String op) {
        cx.output(cx.op(op).input("x", truth(cx, cx.in(0))).input("y", truth(cx, cx.in(1))).output());
    }

    /** A blob as bool: non-zero is true. */
    static Var truth(ReadContext cx, Var v) {
        if (v.tensorType().dtype() == DType.BOOL) {
            return v;
        }
        return cx.op("not_equal").input("x", v).input("y", TensorValue.scalar(0f)).output();
    }

    // y = f(scale * x + shift); a scale of 0 is the proto default, read as 1
    private static void unary(NeuralNetworkLayer l, ReadContext cx) {
        UnaryFunctionLayerParams u = l.getUnary();
        Var x = cx.in(0);
        float scale = u.getScale() == 0 ? 1 : u.getScale();
        if (scale != 1 || u.getShift() != 0) {
            x = cx.op("linear_activation").input("x", x).input("alpha", TensorValue.scalar(scale))
                    .input("beta", TensorValue.scalar(u.getShift())).output();
        }
        TensorValue eps = TensorValue.scalar(u.getEpsilon());
        Var y = switch (u.getType()) {
            case SQRT -> cx.op("sqrt").input("x", x).output();
            case RSQRT -> cx.op("rsqrt").input("x", x).input("epsilon", eps).output();
            case INVERSE -> cx.op("inverse").input("x", x).input("epsilon", eps).output();
            case POWER -> cx.op("pow").input("x", x).input("y", TensorValue.scalar(u.getAlpha())).output();
            case EXP -> cx.op("exp").input("x", x).output();
            case LOG -> cx.op("log").input("x", x).input("epsilon", eps).output();
            case ABS -> cx.op("abs").input("x", x).output();
            case THRESHOLD -> cx.op("threshold").input("x", x).input("alpha", TensorValue.scalar(u.getAlpha()))
                    .output();
            case UNRECOGNIZED -> throw new ReaderException("has an unknown unary function " + u.getTypeValue());
        };
        cx.output(y);
    }
}
