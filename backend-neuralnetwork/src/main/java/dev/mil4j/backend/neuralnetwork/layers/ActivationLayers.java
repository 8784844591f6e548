package dev.mil4j.backend.neuralnetwork.layers;

import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constFloat;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constValue;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.value;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.spec.proto.ActivationELU;
import dev.mil4j.spec.proto.ActivationLeakyReLU;
import dev.mil4j.spec.proto.ActivationLinear;
import dev.mil4j.spec.proto.ActivationPReLU;
import dev.mil4j.spec.proto.ActivationParametricSoftplus;
import dev.mil4j.spec.proto.ActivationParams;
import dev.mil4j.spec.proto.ActivationReLU;
import dev.mil4j.spec.proto.ActivationScaledTanh;
import dev.mil4j.spec.proto.ActivationSigmoid;
import dev.mil4j.spec.proto.ActivationSigmoidHard;
import dev.mil4j.spec.proto.ActivationSoftplus;
import dev.mil4j.spec.proto.ActivationSoftsign;
import dev.mil4j.spec.proto.ActivationTanh;
import dev.mil4j.spec.proto.ActivationThresholdedReLU;
import dev.mil4j.spec.proto.ClampedReLULayerParams;
import dev.mil4j.spec.proto.GeluLayerParams;
import dev.mil4j.spec.proto.MultiplyBroadcastableLayerParams;
import dev.mil4j.spec.proto.SoftmaxNDLayerParams;
import dev.mil4j.spec.proto.UnaryFunctionLayerParams;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Activations: the {@code activation} layer's kinds, {@code gelu}, {@code clampedReLU}, {@code softmaxND}. */
final class ActivationLayers {
    private ActivationLayers() {
    }

    static Map<String, LayerTranslation> translations() {
        return Map.ofEntries(
                Map.entry("clamped_relu", ActivationLayers::clampedRelu),
                Map.entry("elu", (op, out) -> activation(op, out, a -> a.setELU(ActivationELU.newBuilder()
                        .setAlpha(constFloat(op, "alpha"))))),
                Map.entry("gelu", ActivationLayers::gelu),
                Map.entry("leaky_relu", (op, out) -> activation(op, out, a -> a.setLeakyReLU(
                        ActivationLeakyReLU.newBuilder().setAlpha(constFloat(op, "alpha"))))),
                Map.entry("linear_activation", (op, out) -> activation(op, out, a -> a.setLinear(
                        ActivationLinear.newBuilder().setAlpha(constFloat(op, "alpha"))
                                .setBeta(constFloat(op, "beta"))))),
                Map.entry("prelu", (op, out) -> activation(op, out, a -> a.setPReLU(ActivationPReLU.newBuilder()
                        .setAlpha(Weights.of(constValue(op, "alpha")))))),
                Map.entry("relu", (op, out) -> activation(op, out,
                        a -> a.setReLU(ActivationReLU.getDefaultInstance()))),
                Map.entry("relu6", ActivationLayers::relu6),
                Map.entry("scaled_tanh", (op, out) -> activation(op, out, a -> a.setScaledTanh(
                        ActivationScaledTanh.newBuilder().setAlpha(constFloat(op, "alpha"))
                                .setBeta(constFloat(op, "beta"))))),
                Map.entry("sigmoid", (op, out) -> activation(op, out,
                        a -> a.setSigmoid(ActivationSigmoid.getDefaultInstance()))),
                Map.entry("sigmoid_hard", (op, out) -> activation(op, out, a -> a.setSigmoidHard(
                        ActivationSigmoidHard.newBuilder().setAlpha(constFloat(op, "alpha"))
                                .setBeta(constFloat(op, "beta"))))),
                Map.entry("silu", ActivationLayers::silu),
                Map.entry("softmax", ActivationLayers::softmax),
                Map.entry("softplus", (op, out) -> activation(op, out,
                        a -> a.setSoftplus(ActivationSoftplus.getDefaultInstance()))),
                Map.entry("softplus_parametric", (op, out) -> activation(op, out, a -> a.setParametricSoftplus(
                        ActivationParametricSoftplus.newBuilder().setAlpha(Weights.of(constValue(op, "alpha")))
                                .setBeta(Weights.of(constValue(op, "beta")))))),
                Map.entry("softsign", (op, out) -> activation(op, out,
                        a -> a.setSoftsign(ActivationSoftsign.getDefaultInstance()))),
                Map.entry("tanh", (op, out) -> activation(op, out,
                        a -> a.setTanh(ActivationTanh.getDefaultInstance()))),
                Map.entry("thresholded_relu", (op, out) -> activation(op, out, a -> a.setThresholdedReLU(
                        ActivationThresholdedReLU.newBuilder().setAlpha(constFloat(op, "alpha"))))));
    }

    /** One {@code activation} layer named like the op, from input {@code x} to the op's output. */
    static void activation(Operation op, LayerEmitter out, Consumer<ActivationParams.Builder> kind) {
        ActivationParams.Builder a = ActivationParams.newBuilder();
        kind.accept(a);
        out.add(op.name(), out.input(op.requireInput("x")), out.name(op.output()), l -> l.setActivation(a));
    }

    static ActivationParams.Builder linear(float alpha, float beta) {
        return ActivationParams.newBuilder().setLinear(ActivationLinear.newBuilder().setAlpha(alpha).setBeta(beta));
    }

    // relu6(x) = -threshold(-relu(x), -6): relu, negate, max(., -6), negate
    private static void relu6(Operation op, LayerEmitter out) {
        String relu = op.name() + "__relu6_relu__";
        String neg = op.name() + "__relu6_neg__";
        String thr = op.name() + "__relu6_threshold6__";
        out.add(relu, out.input(op.requireInput("x")), relu,
                l -> l.setActivation(ActivationParams.newBuilder().setReLU(ActivationReLU.getDefaultInstance())));
        out.add(neg, relu, neg, l -> l.setActivation(linear(-1, 0)));
        out.add(thr, neg, thr, l -> l.setUnary(ElementwiseLayers.unary(UnaryFunctionLayerParams.Operation.THRESHOLD)
                .setAlpha(-6)));
        out.add(op.name(), thr, out.name(op.output()), l -> l.setActivation(linear(-1, 0)));
    }

    // silu(x) = x * sigmoid(x)
    private static void silu(Operation op, LayerEmitter out) {
        String x = out.input(op.requireInput("x"));
        String sig = op.name() + "__silu_sigmoid__";
        out.add(sig, x, sig, l -> l.setActivation(ActivationParams.newBuilder()
                .setSigmoid(ActivationSigmoid.getDefaultInstance())));
        out.add(op.name(), List.of(x, sig), List.of(out.name(op.output())),
                l -> l.setMultiplyBroadcastable(MultiplyBroadcastableLayerParams.getDefaultInstance()));
    }

    private static void gelu(Operation op, LayerEmitter out) {
        String mode = value(op, "mode").map(v -> v.scalarString()).orElse("EXACT");
        GeluLayerParams.GeluMode m = switch (mode) {
            case "EXACT" -> GeluLayerParams.GeluMode.EXACT;
            case "TANH_APPROXIMATION" -> GeluLayerParams.GeluMode.TANH_APPROXIMATION;
            case "SIGMOID_APPROXIMATION" -> GeluLayerParams.GeluMode.SIGMOID_APPROXIMATION;
            default -> throw new LayerException("`gelu` mode `" + mode + "` has no NeuralNetwork form");
        };
        out.add(op.name(), out.input(op.requireInput("x")), out.name(op.output()),
                l -> l.setGelu(GeluLayerParams.newBuilder().setMode(m)));
    }

    private static void clampedRelu(Operation op, LayerEmitter out) {
        out.requireSpecVersion(LayerEmitter.IOS14_SPEC_VERSION);
        out.add(op.name(), out.input(op.requireInput("x")), out.name(op.output()),
                l -> l.setClampedReLU(ClampedReLULayerParams.newBuilder().setAlpha(constFloat(op, "alpha"))
                        .setBeta(constFloat(op, "beta"))));
    }

    private static void softmax(Operation op, LayerEmitter out) {
        long axis = constValue(op, "axis").scalarLong();
        out.add(op.name(), out.input(op.requireInput("x")), out.name(op.output()),
                l -> l.setSoftmaxND(SoftmaxNDLayerParams.newBuilder().setAxis(axis)));
    }
}
