package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.ops.ActivationOps;
import dev.mil4j.ops.MathOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One activation of an ONNX recurrent layer's {@code activations} attribute, with its alpha and beta. The attribute
 * lists the cell's activations per direction (LSTM {@code f, g, h}, default Sigmoid, Tanh, Tanh; GRU {@code f, g},
 * default Sigmoid, Tanh; RNN {@code f}, default Tanh); {@code activation_alpha} and {@code activation_beta} are
 * consumed in order by the activations that take them (as ONNX Runtime reads them), the ONNX defaults applying when
 * a list runs out.
 */
record RecurrentActivation(String name, double alpha, double beta) {
    private static final List<String> NAMES = List.of("relu", "tanh", "sigmoid", "affine", "leakyrelu",
            "thresholdedrelu", "scaledtanh", "hardsigmoid", "elu", "softsign", "softplus");

    /** The {@code count * dirs} activations of a node, defaults filled in. */
    static List<RecurrentActivation> of(OnnxNode n, OnnxTranslationContext c, int count, int dirs) {
        List<String> names = n.stringsAttribute("activations").orElse(List.of());
        if (names.isEmpty()) {
            names = new ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                names.addAll(count == 1 ? List.of("Tanh") : count == 2 ? List.of("Sigmoid", "Tanh")
                        : List.of("Sigmoid", "Tanh", "Tanh"));
            }
        } else if (names.size() == count && dirs == 2) {
            names = new ArrayList<>(names);
            names.addAll(List.copyOf(names));
        }
        if (names.size() != count * dirs) {
            throw c.error("lists " + names.size() + " activations; it needs " + count + " per direction ("
                    + count * dirs + ")");
        }
        float[] alphas = n.floatsAttribute("activation_alpha").orElse(new float[0]);
        float[] betas = n.floatsAttribute("activation_beta").orElse(new float[0]);
        int nextAlpha = 0;
        int nextBeta = 0;
        List<RecurrentActivation> out = new ArrayList<>();
        for (String raw : names) {
            String name = raw.toLowerCase(Locale.ROOT);
            if (!NAMES.contains(name)) {
                throw c.error("uses the activation `" + raw + "`", "ONNX recurrent layers support " + NAMES);
            }
            double alpha = defaultAlpha(name);
            double beta = defaultBeta(name);
            if (!Double.isNaN(alpha) && nextAlpha < alphas.length) {
                alpha = alphas[nextAlpha++];
            }
            if (!Double.isNaN(beta) && nextBeta < betas.length) {
                beta = betas[nextBeta++];
            }
            out.add(new RecurrentActivation(name, alpha, beta));
        }
        return out;
    }

    /** The ONNX default alpha of an activation, NaN for those without one. */
    private static double defaultAlpha(String name) {
        return switch (name) {
            case "affine", "thresholdedrelu", "scaledtanh", "elu" -> 1.0;
            case "leakyrelu" -> 0.01;
            case "hardsigmoid" -> 0.2;
            default -> Double.NaN;
        };
    }

    private static double defaultBeta(String name) {
        return switch (name) {
            case "affine" -> 0.0;
            case "scaledtanh" -> 1.0;
            case "hardsigmoid" -> 0.5;
            default -> Double.NaN;
        };
    }

    Var apply(Builder b, Var x) {
        return switch (name) {
            case "relu" -> ActivationOps.relu(b, x);
            case "tanh" -> MathOps.tanh(b, x);
            case "sigmoid" -> ActivationOps.sigmoid(b, x);
            case "affine" -> ActivationOps.linearActivation(b, x, alpha, beta);
            case "leakyrelu" -> ActivationOps.leakyRelu(b, x, alpha);
            case "thresholdedrelu" -> ActivationOps.thresholdedRelu(b, x, alpha);
            case "scaledtanh" -> ActivationOps.scaledTanh(b, x, alpha, beta);
            case "hardsigmoid" -> ActivationOps.sigmoidHard(b, x, alpha, beta);
            case "elu" -> ActivationOps.elu(b, x, alpha);
            case "softsign" -> ActivationOps.softsign(b, x);
            case "softplus" -> ActivationOps.softplus(b, x);
            default -> throw new IllegalStateException("unchecked activation " + name);
        };
    }
}
