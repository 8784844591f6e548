package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import java.util.List;

/**
 * Kernels of the normalizations: {@code batch_norm} (per channel, dim 1, with running statistics),
 * {@code instance_norm} (per sample and channel over the spatial dims), {@code local_response_norm} (across
 * channels) on float arrays; {@code layer_norm} and {@code l2_norm} through their definitions.
 */
final class NormKernels {
    private NormKernels() {
    }

    static void register(KernelRegistry r) {
        r.register("batch_norm", NormKernels::batchNorm, KernelRegistry.BUILT_IN);
        r.register("instance_norm", NormKernels::instanceNorm, KernelRegistry.BUILT_IN);
        r.register("l2_norm", DefinitionKernel.INSTANCE, KernelRegistry.BUILT_IN);
        r.register("layer_norm", DefinitionKernel.INSTANCE, KernelRegistry.BUILT_IN);
        r.register("local_response_norm", NormKernels::localResponseNorm, KernelRegistry.BUILT_IN);
    }

    /** {@code (x - mean) / sqrt(variance + epsilon) * gamma + beta}, per channel. */
    private static List<TensorValue> batchNorm(KernelContext ctx) {
        TensorValue xv = ctx.input("x");
        long[] xs = Tensors.shape(xv);
        int c = (int) xs[1];
        float[] mean = Tensors.floats(ctx.input("mean"));
        float[] var = Tensors.floats(ctx.input("variance"));
        float[] gamma = ctx.optionalInput("gamma").map(Tensors::floats).orElse(null);
        float[] beta = ctx.optionalInput("beta").map(Tensors::floats).orElse(null);
        double eps = ctx.input("epsilon").scalarDouble();
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int i = 0; i < c; i++) {
            float s = (float) (1.0 / Math.sqrt(var[i] + eps)) * (gamma == null ? 1f : gamma[i]);
            scale[i] = s;
            shift[i] = (beta == null ? 0f : beta[i]) - mean[i] * s;
        }
        float[] x = Tensors.floats(xv);
        int plane = c == 0 ? 0 : x.length / (int) (xs[0] * c);
        for (int i = 0; i < x.length; i++) {
            int ch = (i / plane) % c;
            x[i] = x[i] * scale[ch] + shift[ch];
        }
        return List.of(Tensors.fromFloats(ctx.outputDtype(0), xs, x));
    }

    /** Normalizes each (sample, channel) plane over its spatial dims, then {@code * gamma + beta}. */
    private static List<TensorValue> instanceNorm(KernelContext ctx) {
        TensorValue xv = ctx.input("x");
        long[] xs = Tensors.shape(xv);
        int c = (int) xs[1];
        float[] gamma = ctx.optionalInput("gamma").map(Tensors::floats).orElse(null);
        float[] beta = ctx.optionalInput("beta").map(Tensors::floats).orElse(null);
        double eps = ctx.input("epsilon").scalarDouble();
        float[] x = Tensors.floats(xv);
        int planes = (int) (xs[0] * c);
        int size = planes == 0 ? 0 : x.length / planes;
        for (int p = 0; p < planes; p++) {
            int off = p * size;
            double mean = 0;
            for (int i = 0; i < size; i++) {
                mean += x[off + i];
            }
            mean /= size;
            double var = 0;
            for (int i = 0; i < size; i++) {
                double d = x[off + i] - mean;
                var += d * d;
            }
            var /= size;
            int ch = p % c;
            double s = 1.0 / Math.sqrt(var + eps) * (gamma == null ? 1 : gamma[ch]);
            double b = beta == null ? 0 : beta[ch];
            for (int i = 0; i < size; i++) {
                x[off + i] = (float) ((x[off + i] - mean) * s + b);
            }
        }
        return List.of(Tensors.fromFloats(ctx.outputDtype(0), xs, x));
    }

    /**
     * {@code x / (k + alpha / size * sum(x^2 over the channel window))^beta}, the window of {@code size} channels
     * around each channel.
     */
    private static List<TensorValue> localResponseNorm(KernelContext ctx) {
        TensorValue xv = ctx.input("x");
        long[] xs = Tensors.shape(xv);
        int size = (int) ctx.constLong("size");
        double alpha = ctx.input("alpha").scalarDouble();
        double beta = ctx.input("beta").scalarDouble();
        double k = ctx.input("k").scalarDouble();
        float[] x = Tensors.floats(xv);
        float[] y = new float[x.length];
        int c = (int) xs[1];
        int n = (int) xs[0];
        int plane = n * c == 0 ? 0 : x.length / (n * c);
        int lo = (size - 1) / 2;
        int hi = size / 2;
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < plane; i++) {
                    double sq = 0;
                    for (int j = Math.max(0, ch - lo); j <= Math.min(c - 1, ch + hi); j++) {
                        float v = x[(b * c + j) * plane + i];
                        sq += v * v;
                    }
                    int at = (b * c + ch) * plane + i;
                    y[at] = (float) (x[at] / Math.pow(k + alpha / size * sq, beta));
                }
            }
        }
        return List.of(Tensors.fromFloats(ctx.outputDtype(0), xs, y));
    }
}
