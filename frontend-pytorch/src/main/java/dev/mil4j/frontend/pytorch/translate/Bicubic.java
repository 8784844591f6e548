package dev.mil4j.frontend.pytorch.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import java.util.List;

/**
 * {@code upsample_bicubic2d(x, output_size, align_corners, scale_factors)} as two matrix products: bicubic
 * interpolation is separable, so each output row (column) is a fixed combination of at most four input rows
 * (columns). The weights are PyTorch's: the cubic convolution kernel with {@code A = -0.75}, source coordinate
 * {@code i (in - 1) / (out - 1)} with {@code align_corners}, else {@code (i + 0.5) r - 0.5} (not clamped;
 * {@code r = 1 / scale} when a scale is given, else {@code in / out}), neighbours beyond the border clamped to it.
 */
final class Bicubic {
    private static final double A = -0.75;

    private Bicubic() {
    }

    static List<Var> upsample(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "input");
        boolean align = c.boolValue(2, "align_corners", false);
        ImageTranslations.Resample r = ImageTranslations.resample(n, c, 3);
        Builder b = c.builder();
        Var dt = x;
        // [N, C, H, W] x [W, outW] -> [N, C, H, outW]; transposed, x [H, outH] -> [N, C, outW, outH]
        Var y = NnOps.matmul(b, x, weights(b, dt, r, 1, align), false, false);
        y = TensorOps.transpose(b, y, 0, 1, 3, 2);
        y = NnOps.matmul(b, y, weights(b, dt, r, 0, align), false, false);
        return List.of(TensorOps.transpose(b, y, 0, 1, 3, 2));
    }

    /** The {@code [in, out]} matrix of dim {@code i} (0 height, 1 width). */
    private static Var weights(Builder b, Var like, ImageTranslations.Resample r, int i, boolean align) {
        int in = r.in()[i];
        int out = r.out()[i];
        double ratio;
        if (align) {
            ratio = out > 1 ? (double) (in - 1) / (out - 1) : 0;
        } else {
            ratio = r.scales()[i] > 0 ? 1 / r.scales()[i] : (double) in / out;
        }
        double[] m = new double[in * out];
        for (int o = 0; o < out; o++) {
            double src = align ? o * ratio : (o + 0.5) * ratio - 0.5;
            double floor = Math.floor(src);
            double t = src - floor;
            double[] w = {outer(t + 1), inner(t), inner(1 - t), outer(2 - t)};
            for (int k = 0; k < 4; k++) {
                int at = Math.min(Math.max((int) floor - 1 + k, 0), in - 1);
                m[at * out + o] += w[k];
            }
        }
        return b.constant(TensorValue.fromDoubles(like.tensorType().dtype(), Shape.of(in, out), m));
    }

    /** The kernel for {@code |x| <= 1}. */
    private static double inner(double x) {
        return ((A + 2) * x - (A + 3)) * x * x + 1;
    }

    /** The kernel for {@code 1 < |x| < 2}. */
    private static double outer(double x) {
        return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
    }
}
