package dev.mil4j.backend.neuralnetwork.reader;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.ActivationParams;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.NeuralNetworkLayer.LayerCase;
import dev.mil4j.spec.proto.WeightParams;
import java.util.Map;

/** The {@code activation} layer's kinds, {@code gelu}, {@code clampedReLU}, {@code softmax} and {@code softmaxND}. */
final class ActivationReaders {
    private ActivationReaders() {
    }

    static Map<LayerCase, LayerReader> readers() {
        return Map.of(
                LayerCase.ACTIVATION, ActivationReaders::activation,
                LayerCase.GELU, (l, cx) -> cx.output(cx.op("gelu").input("x", cx.in(0))
                        .input("mode", TensorValue.scalar(l.getGelu().getMode().name())).output()),
                LayerCase.CLAMPEDRELU, (l, cx) -> cx.output(cx.op("clamped_relu").input("x", cx.in(0))
                        .input("alpha", TensorValue.scalar(l.getClampedReLU().getAlpha()))
                        .input("beta", TensorValue.scalar(l.getClampedReLU().getBeta())).output()),
                // the rank-5 softmax normalizes over the channel axis, -3
                LayerCase.SOFTMAX, (l, cx) -> softmax(cx, -3),
                LayerCase.SOFTMAXND, (l, cx) -> softmax(cx, l.getSoftmaxND().getAxis()));
    }

    private static void softmax(ReadContext cx, long axis) {
        cx.output(cx.op("softmax").input("x", cx.in(0)).input("axis", TensorValue.scalar((int) axis)).output());
    }

    private static void activation(NeuralNetworkLayer l, ReadContext cx) {
        ActivationParams a = l.getActivation();
        Var x = cx.in(0);
        Var y = switch (a.getNonlinearityTypeCase()) {
            case LINEAR -> twoParams(cx, "linear_activation", x, a.getLinear().getAlpha(), a.getLinear().getBeta());
            case RELU -> cx.op("relu").input("x", x).output();
            case LEAKYRELU -> cx.op("leaky_relu").input("x", x)
                    .input("alpha", TensorValue.scalar(a.getLeakyReLU().getAlpha())).output();
            case THRESHOLDEDRELU -> cx.op("thresholded_relu").input("x", x)
                    .input("alpha", TensorValue.scalar(a.getThresholdedReLU().getAlpha())).output();
            case PRELU -> cx.op("prelu").input("x", x)
                    .input("alpha", perChannel(a.getPReLU().getAlpha(), x, "alpha")).output();
            case TANH -> cx.op("tanh").input("x", x).output();
            case SCALEDTANH -> twoParams(cx, "scaled_tanh", x, a.getScaledTanh().getAlpha(),
                    a.getScaledTanh().getBeta());
            case SIGMOID -> cx.op("sigmoid").input("x", x).output();
            case SIGMOIDHARD -> twoParams(cx, "sigmoid_hard", x, a.getSigmoidHard().getAlpha(),
                    a.getSigmoidHard().getBeta());
            case ELU -> cx.op("elu").input("x", x).input("alpha", TensorValue.scalar(a.getELU().getAlpha())).output();
            case SOFTSIGN -> cx.op("softsign").input("x", x).output();
            case SOFTPLUS -> cx.op("softplus").input("x", x).output();
            case PARAMETRICSOFTPLUS -> cx.op("softplus_parametric").input("x", x)
                    .input("alpha", perChannel(a.getParametricSoftplus().getAlpha(), x, "alpha"))
                    .input("beta", perChannel(a.getParametricSoftplus().getBeta(), x, "beta")).output();
            case NONLINEARITYTYPE_NOT_SET -> throw new ReaderException("sets no nonlinearity");
        };
        cx.output(y);
    }

    private static Var twoParams(ReadContext cx, String type, Var x, float alpha, float beta) {
        return cx.op(type).input("x", x).input("alpha", TensorValue.scalar(alpha))
                .input("beta", TensorValue.scalar(beta)).output();
    }

    // one value per channel (axis -3); a single value is repeated over the channels
    private static TensorValue perChannel(WeightParams w, Var x, String what) {
        if (ReadContext.rank(x) < 3) {
            throw new ReaderException("a per-channel activation needs an input of rank 3 or more ([C, H, W]), got "
                    + x.tensorType());
        }
        long channels = ReadContext.staticShape(x, "a per-channel activation")[ReadContext.rank(x) - 3];
        long n = ReadContext.count(w);
        float[] v = ReadContext.weight(w, what, n == 1 ? 1 : channels).toFloatArray();
        if (v.length == channels) {
            return TensorValue.ofFloats(dev.mil4j.core.types.Shape.of(channels), v);
        }
        float[] filled = new float[(int) channels];
        java.util.Arrays.fill(filled, v[0]);
        return TensorValue.ofFloats(dev.mil4j.core.types.Shape.of(channels), filled);
    }
}
