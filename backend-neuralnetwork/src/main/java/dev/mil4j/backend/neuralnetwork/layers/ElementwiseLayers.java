package dev.mil4j.backend.neuralnetwork.layers;

import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constFloat;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.value;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.spec.proto.AcosLayerParams;
import dev.mil4j.spec.proto.AddBroadcastableLayerParams;
import dev.mil4j.spec.proto.AddLayerParams;
import dev.mil4j.spec.proto.AsinLayerParams;
import dev.mil4j.spec.proto.AtanLayerParams;
import dev.mil4j.spec.proto.AtanhLayerParams;
import dev.mil4j.spec.proto.CeilLayerParams;
import dev.mil4j.spec.proto.ClipLayerParams;
import dev.mil4j.spec.proto.CosLayerParams;
import dev.mil4j.spec.proto.CoshLayerParams;
import dev.mil4j.spec.proto.DivideBroadcastableLayerParams;
import dev.mil4j.spec.proto.EqualLayerParams;
import dev.mil4j.spec.proto.ErfLayerParams;
import dev.mil4j.spec.proto.Exp2LayerParams;
import dev.mil4j.spec.proto.FloorDivBroadcastableLayerParams;
import dev.mil4j.spec.proto.FloorLayerParams;
import dev.mil4j.spec.proto.GreaterEqualLayerParams;
import dev.mil4j.spec.proto.GreaterThanLayerParams;
import dev.mil4j.spec.proto.LessEqualLayerParams;
import dev.mil4j.spec.proto.LessThanLayerParams;
import dev.mil4j.spec.proto.LogicalAndLayerParams;
import dev.mil4j.spec.proto.LogicalNotLayerParams;
import dev.mil4j.spec.proto.LogicalOrLayerParams;
import dev.mil4j.spec.proto.LogicalXorLayerParams;
import dev.mil4j.spec.proto.MaxBroadcastableLayerParams;
import dev.mil4j.spec.proto.MaxLayerParams;
import dev.mil4j.spec.proto.MinBroadcastableLayerParams;
import dev.mil4j.spec.proto.MinLayerParams;
import dev.mil4j.spec.proto.ModBroadcastableLayerParams;
import dev.mil4j.spec.proto.MultiplyBroadcastableLayerParams;
import dev.mil4j.spec.proto.MultiplyLayerParams;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.NotEqualLayerParams;
import dev.mil4j.spec.proto.PowBroadcastableLayerParams;
import dev.mil4j.spec.proto.RoundLayerParams;
import dev.mil4j.spec.proto.SignLayerParams;
import dev.mil4j.spec.proto.SinLayerParams;
import dev.mil4j.spec.proto.SinhLayerParams;
import dev.mil4j.spec.proto.TanLayerParams;
import dev.mil4j.spec.proto.UnaryFunctionLayerParams;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Elementwise ops. Binary ops with a scalar constant side use the layer's {@code alpha} where the layer has one
 * ({@code add}, {@code multiply}, comparisons); same-shaped operands use the rank-agnostic layers ({@code add},
 * {@code multiply}, {@code max}, {@code min}); anything else the broadcastable layers.
 */
final class ElementwiseLayers {
    private ElementwiseLayers() {
    }

    static Map<String, LayerTranslation> translations() {
        return Map.ofEntries(
                Map.entry("abs", unaryFn(UnaryFunctionLayerParams.Operation.ABS)),
                Map.entry("acos", simple(l -> l.setAcos(AcosLayerParams.getDefaultInstance()))),
                Map.entry("add", (op, out) -> addOrMultiply(op, out, true)),
                Map.entry("asin", simple(l -> l.setAsin(AsinLayerParams.getDefaultInstance()))),
                Map.entry("atan", simple(l -> l.setAtan(AtanLayerParams.getDefaultInstance()))),
                Map.entry("atanh", simple(l -> l.setAtanh(AtanhLayerParams.getDefaultInstance()))),
                Map.entry("ceil", simple(l -> l.setCeil(CeilLayerParams.getDefaultInstance()))),
                Map.entry("clip", (op, out) -> simple(l -> l.setClip(ClipLayerParams.newBuilder()
                        .setMinVal(constFloat(op, "alpha")).setMaxVal(constFloat(op, "beta")))).translate(op, out)),
                Map.entry("cos", simple(l -> l.setCos(CosLayerParams.getDefaultInstance()))),
                Map.entry("cosh", simple(l -> l.setCosh(CoshLayerParams.getDefaultInstance()))),
                Map.entry("equal", (op, out) -> compare(op, out, Cmp.EQ)),
                Map.entry("erf", simple(l -> l.setErf(ErfLayerParams.getDefaultInstance()))),
                Map.entry("exp", unaryFn(UnaryFunctionLayerParams.Operation.EXP)),
                Map.entry("exp2", simple(l -> l.setExp2(Exp2LayerParams.getDefaultInstance()))),
                Map.entry("floor", simple(l -> l.setFloor(FloorLayerParams.getDefaultInstance()))),
                Map.entry("floor_div", binary(l -> l.setFloorDivBroadcastable(
                        FloorDivBroadcastableLayerParams.getDefaultInstance()))),
                Map.entry("greater", (op, out) -> compare(op, out, Cmp.GT)),
                Map.entry("greater_equal", (op, out) -> compare(op, out, Cmp.GE)),
                Map.entry("inverse", unaryFn(UnaryFunctionLayerParams.Operation.INVERSE)),
                Map.entry("less", (op, out) -> compare(op, out, Cmp.LT)),
                Map.entry("less_equal", (op, out) -> compare(op, out, Cmp.LE)),
                Map.entry("log", unaryFn(UnaryFunctionLayerParams.Operation.LOG)),
                Map.entry("logical_and", binary(l -> l.setLogicalAnd(LogicalAndLayerParams.getDefaultInstance()))),
                Map.entry("logical_not", simple(l -> l.setLogicalNot(LogicalNotLayerParams.getDefaultInstance()))),
                Map.entry("logical_or", binary(l -> l.setLogicalOr(LogicalOrLayerParams.getDefaultInstance()))),
                Map.entry("logical_xor", binary(l -> l.setLogicalXor(LogicalXorLayerParams.getDefaultInstance()))),
                Map.entry("maximum", (op, out) -> maxOrMin(op, out, true)),
                Map.entry("minimum", (op, out) -> maxOrMin(op, out, false)),
                Map.entry("mod", binary(l -> l.setModBroadcastable(ModBroadcastableLayerParams.getDefaultInstance()))),
                Map.entry("mul", (op, out) -> addOrMultiply(op, out, false)),
                Map.entry("not_equal", (op, out) -> compare(op, out, Cmp.NE)),
                Map.entry("pow", ElementwiseLayers::pow),
                Map.entry("real_div", binary(l -> l.setDivideBroadcastable(
                        DivideBroadcastableLayerParams.getDefaultInstance()))),
                Map.entry("round", simple(l -> l.setRound(RoundLayerParams.getDefaultInstance()))),
                Map.entry("rsqrt", unaryFn(UnaryFunctionLayerParams.Operation.RSQRT)),
                Map.entry("sign", simple(l -> l.setSign(SignLayerParams.getDefaultInstance()))),
                Map.entry("sin", simple(l -> l.setSin(SinLayerParams.getDefaultInstance()))),
                Map.entry("sinh", simple(l -> l.setSinh(SinhLayerParams.getDefaultInstance()))),
                Map.entry("sqrt", unaryFn(UnaryFunctionLayerParams.Operation.SQRT)),
                Map.entry("square", (op, out) -> unaryLayer(op, out, unary(UnaryFunctionLayerParams.Operation.POWER)
                        .setAlpha(2))),
                Map.entry("sub", ElementwiseLayers::sub),
                Map.entry("tan", simple(l -> l.setTan(TanLayerParams.getDefaultInstance()))),
                Map.entry("threshold", (op, out) -> unaryLayer(op, out,
                        unary(UnaryFunctionLayerParams.Operation.THRESHOLD).setAlpha(constFloat(op, "alpha")))));
    }

    /** A {@code unary} layer of the given kind with coremltools' defaults (alpha 1, epsilon 1e-6, scale 1). */
    static UnaryFunctionLayerParams.Builder unary(UnaryFunctionLayerParams.Operation kind) {
        return UnaryFunctionLayerParams.newBuilder().setType(kind).setAlpha(1).setEpsilon(1e-6f).setScale(1);
    }

    /** A {@code unary} layer taking the op's {@code epsilon} when it has one (rsqrt, inverse, log). */
    private static LayerTranslation unaryFn(UnaryFunctionLayerParams.Operation kind) {
        return (op, out) -> {
            UnaryFunctionLayerParams.Builder u = unary(kind);
            if (op.def().inputs().param("epsilon").isPresent()) {
                value(op, "epsilon").ifPresent(e -> u.setEpsilon((float) e.scalarDouble()));
            }
            unaryLayer(op, out, u);
        };
    }

    private static void unaryLayer(Operation op, LayerEmitter out, UnaryFunctionLayerParams.Builder u) {
        out.add(op.name(), out.input(op.requireInput("x")), out.name(op.output()), l -> l.setUnary(u));
    }

    /** One layer from input {@code x} to the op's output. */
    static LayerTranslation simple(Consumer<NeuralNetworkLayer.Builder> kind) {
        return (op, out) -> out.add(op.name(), out.input(op.requireInput("x")), out.name(op.output()), kind);
    }

    /** One layer from inputs {@code x} and {@code y} to the op's output. */
    static LayerTranslation binary(Consumer<NeuralNetworkLayer.Builder> kind) {
        return (op, out) -> out.add(op.name(), out.inputs(List.of(op.requireInput("x"), op.requireInput("y"))),
                List.of(out.name(op.output())), kind);
    }

    /** The finite value of a rank-0 constant, as a layer's {@code alpha}. */
    private static Optional<Float> scalarConst(Var v) {
        if (!v.isConst() || v.tensorType().rank() != 0 || v.tensorType().dtype().isString()) {
            return Optional.empty();
        }
        double d = v.value().orElseThrow().scalarDouble();
        return Double.isFinite(d) ? Optional.of((float) d) : Optional.empty();
    }

    private static boolean singleElementConst(Var v) {
        return v.isConst() && v.value().orElseThrow().elementCount() == 1;
    }

    private static boolean sameShape(Var x, Var y) {
        return x.tensorType().shape().equals(y.tensorType().shape()) && x.tensorType().shape().isStatic();
    }

    private static void addOrMultiply(Operation op, LayerEmitter out, boolean add) {
        Var x = op.requireInput("x");
        Var y = op.requireInput("y");
        String o = out.name(op.output());
        Optional<Float> alpha = scalarConst(y);
        Var other = x;
        if (alpha.isEmpty()) {
            alpha = scalarConst(x);
            other = y;
        }
        if (alpha.isPresent()) {
            float a = alpha.get();
            out.add(op.name(), out.input(other), o, add ? l -> l.setAdd(AddLayerParams.newBuilder().setAlpha(a))
                    : l -> l.setMultiply(MultiplyLayerParams.newBuilder().setAlpha(a)));
            return;
        }
        List<String> in = out.inputs(List.of(x, y));
        if (sameShape(x, y) || singleElementConst(x) || singleElementConst(y)) {
            out.add(op.name(), in, List.of(o), add ? l -> l.setAdd(AddLayerParams.getDefaultInstance())
                    : l -> l.setMultiply(MultiplyLayerParams.getDefaultInstance()));
        } else {
            out.add(op.name(), in, List.of(o), add
                    ? l -> l.setAddBroadcastable(AddBroadcastableLayerParams.getDefaultInstance())
                    : l -> l.setMultiplyBroadcastable(MultiplyBroadcastableLayerParams.getDefaultInstance()));
        }
    }

    private static void maxOrMin(Operation op, LayerEmitter out, boolean max) {
        Var x = op.requireInput("x");
        Var y = op.requireInput("y");
        List<String> in = out.inputs(List.of(x, y));
        List<String> o = List.of(out.name(op.output()));
        if (sameShape(x, y)) {
            out.add(op.name(), in, o, max ? l -> l.setMax(MaxLayerParams.getDefaultInstance())
                    : l -> l.setMin(MinLayerParams.getDefaultInstance()));
        } else {
            out.add(op.name(), in, o, max ? l -> l.setMaxBroadcastable(MaxBroadcastableLayerParams.getDefaultInstance())
                    : l -> l.setMinBroadcastable(MinBroadcastableLayerParams.getDefaultInstance()));
        }
    }

    // x - c = x + (-c);  x - y = (-y) + x
    private static void sub(Operation op, LayerEmitter out) {
        Var x = op.requireInput("x");
        Var y = op.requireInput("y");
        String o = out.name(op.output());
        Optional<Float> c = scalarConst(y);
        if (c.isPresent()) {
            float a = -c.get();
            out.add(op.name(), out.input(x), o, l -> l.setAdd(AddLayerParams.newBuilder().setAlpha(a)));
            return;
        }
        String neg = "_neg_y_" + op.name();
        out.add(neg, out.input(y), neg, l -> l.setActivation(ActivationLayers.linear(-1, 0)));
        List<String> in = List.of(neg, out.input(x));
        if (sameShape(x, y)) {
            out.add(op.name(), in, List.of(o), l -> l.setAdd(AddLayerParams.getDefaultInstance()));
        } else {
            out.add(op.name(), in, List.of(o),
                    l -> l.setAddBroadcastable(AddBroadcastableLayerParams.getDefaultInstance()));
        }
    }

    private static void pow(Operation op, LayerEmitter out) {
        Optional<Float> c = scalarConst(op.requireInput("y"));
        if (c.isPresent()) {
            unaryLayer(op, out, unary(UnaryFunctionLayerParams.Operation.POWER).setAlpha(c.get()));
        } else {
            binary(l -> l.setPowBroadcastable(PowBroadcastableLayerParams.getDefaultInstance())).translate(op, out);
        }
    }

    private enum Cmp { EQ, NE, GT, GE, LT, LE }

    /** The comparison with its operands swapped: {@code c < y} is {@code y > c}. */
    private static Cmp swapped(Cmp c) {
        return switch (c) {
            case GT -> Cmp.LT;
            case GE -> Cmp.LE;
            case LT -> Cmp.GT;
            case LE -> Cmp.GE;
            default -> c;
        };
    }

    private static void compare(Operation op, LayerEmitter out, Cmp cmp) {
        Var x = op.requireInput("x");
        Var y = op.requireInput("y");
        String o = out.name(op.output());
        Optional<Float> c = scalarConst(y);
        Cmp kind = cmp;
        Var other = x;
        if (c.isEmpty()) {
            c = scalarConst(x);
            kind = swapped(cmp);
            other = y;
        }
        if (c.isPresent()) {
            out.add(op.name(), List.of(out.input(other)), List.of(o), comparison(kind, c.get()));
        } else {
            out.add(op.name(), out.inputs(List.of(x, y)), List.of(o), comparison(cmp, 0));
        }
    }

    private static Consumer<NeuralNetworkLayer.Builder> comparison(Cmp cmp, float alpha) {
        return switch (cmp) {
            case EQ -> l -> l.setEqual(EqualLayerParams.newBuilder().setAlpha(alpha));
            case NE -> l -> l.setNotEqual(NotEqualLayerParams.newBuilder().setAlpha(alpha));
            case GT -> l -> l.setGreaterThan(GreaterThanLayerParams.newBuilder().setAlpha(alpha));
            case GE -> l -> l.setGreaterEqual(GreaterEqualLayerParams.newBuilder().setAlpha(alpha));
            case LT -> l -> l.setLessThan(LessThanLayerParams.newBuilder().setAlpha(alpha));
            case LE -> l -> l.setLessEqual(LessEqualLayerParams.newBuilder().setAlpha(alpha));
        };
    }
}
