package dev.mil4j.interpreter.kernels;

import static dev.mil4j.interpreter.kernels.ElementwiseKernels.unary;

import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import java.util.List;

/**
 * Kernels of the activations: the common ones (relu, relu6, sigmoid, softmax) on float arrays, the parametric ones
 * through their definitions, whose const parameters ({@code alpha}, {@code beta}) they read.
 */
final class ActivationKernels {
    /** The activations evaluated through their definition, sorted. */
    static final List<String> BY_DEFINITION = List.of(
            "clamped_relu", "elu", "gelu", "leaky_relu", "linear_activation", "prelu", "scaled_tanh", "sigmoid_hard",
            "silu", "softplus", "softplus_parametric", "softsign", "thresholded_relu");

    private ActivationKernels() {
    }

    static void register(KernelRegistry r) {
        r.register("relu", unary(v -> v > 0 ? v : v == v ? 0f : v), KernelRegistry.BUILT_IN);
        r.register("relu6", unary(v -> v != v ? v : Math.min(Math.max(v, 0f), 6f)), KernelRegistry.BUILT_IN);
        r.register("sigmoid", unary(v -> (float) (1.0 / (1.0 + Math.exp(-v)))), KernelRegistry.BUILT_IN);
        r.register("softmax", ActivationKernels::softmax, KernelRegistry.BUILT_IN);
        r.registerAll(BY_DEFINITION, DefinitionKernel.INSTANCE, KernelRegistry.BUILT_IN);
    }

    /** {@code exp(x - max) / sum(exp(x - max))} along {@code axis}. */
    private static List<TensorValue> softmax(KernelContext ctx) {
        TensorValue x = ctx.input("x");
        long[] shape = Tensors.shape(x);
        int axis = Tensors.axis("axis", ctx.constLong("axis"), shape.length);
        float[] v = Tensors.floats(x);
        int n = (int) shape[axis];
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= (int) shape[i];
        }
        int outer = n == 0 || inner == 0 ? 0 : v.length / (n * inner);
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * n * inner + in;
                float max = Float.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    max = Math.max(max, v[base + k * inner]);
                }
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    float e = (float) Math.exp(v[base + k * inner] - max);
                    v[base + k * inner] = e;
                    sum += e;
                }
                float inv = (float) (1.0 / sum);
                for (int k = 0; k < n; k++) {
                    v[base + k * inner] *= inv;
                }
            }
        }
        return List.of(Tensors.fromFloats(ctx.outputDtype(0), shape, v));
    }
}
