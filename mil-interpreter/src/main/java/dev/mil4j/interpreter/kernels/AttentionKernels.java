package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kernel of {@code scaled_dot_product_attention} (iOS18): for each batch index, the scores
 * {@code query @ key^T / sqrt(E)}, the mask added (a float mask) or applied (a bool mask: {@code -inf} where false),
 * a softmax over the key sequence, then the product with {@code value}. Float arithmetic, as the other kernels.
 */
final class AttentionKernels {
    private AttentionKernels() {
    }

    static void register(KernelRegistry r) {
        r.register("scaled_dot_product_attention", AttentionKernels::scaledDotProductAttention,
                KernelRegistry.BUILT_IN);
    }

    private static List<TensorValue> scaledDotProductAttention(KernelContext ctx) {
        TensorValue query = ctx.input("query");
        long[] qs = Tensors.shape(query);
        long[] vs = Tensors.shape(ctx.input("value"));
        int r = qs.length;
        int l = (int) qs[r - 2];
        int e = (int) qs[r - 1];
        int s = (int) Tensors.shape(ctx.input("key"))[r - 2];
        int ev = (int) vs[r - 1];
        int batches = l * e == 0 ? 0 : Tensors.size(qs) / (l * e);
        float[] q = Tensors.floats(query);
        float[] k = Tensors.floats(ctx.input("key"));
        float[] v = Tensors.floats(ctx.input("value"));
        long[] scoresShape = Arrays.copyOf(qs, r);
        scoresShape[r - 1] = s;
        Optional<float[]> mask = ctx.optionalInput("attn_mask").map(m -> broadcastMask(m, scoresShape));
        float scale = (float) (1 / Math.sqrt(e));
        float[] out = new float[batches * l * ev];
        float[] scores = new float[l * s];
        for (int b = 0; b < batches; b++) {
            Gemm.multiplyTransposed(Arrays.copyOfRange(q, b * l * e, (b + 1) * l * e),
                    Arrays.copyOfRange(k, b * s * e, (b + 1) * s * e), scores, l, e, s);
            int maskOffset = b * l * s;
            for (int i = 0; i < l; i++) {
                softmaxRow(scores, i * s, s, scale, mask.orElse(null), maskOffset + i * s);
            }
            Gemm.multiply(scores, 0, v, b * s * ev, out, b * l * ev, l, s, ev);
        }
        long[] outShape = Arrays.copyOf(qs, r);
        outShape[r - 1] = ev;
        return List.of(Tensors.fromFloats(ctx.outputDtype(0), outShape, out));
    }

    /** The mask as additive floats over the scores' shape: a bool mask's false becomes {@code -inf}. */
    private static float[] broadcastMask(TensorValue m, long[] scoresShape) {
        float[] values = m.dtype() == DType.BOOL ? bools(m) : Tensors.floats(m);
        int[] src = Broadcasting.sources(scoresShape, Tensors.shape(m));
        float[] out = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = values[src[i]];
        }
        return out;
    }

    private static float[] bools(TensorValue m) {
        byte[] keep = Tensors.bytes(m);
        float[] out = new float[keep.length];
        for (int i = 0; i < keep.length; i++) {
            out[i] = keep[i] != 0 ? 0f : Float.NEGATIVE_INFINITY;
        }
        return out;
    }

    /** Scales one row of scores, adds its mask row and replaces it by its softmax. */
    private static void softmaxRow(float[] x, int off, int n, float scale, float[] mask, int maskOff) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            float t = x[off + j] * scale + (mask == null ? 0f : mask[maskOff + j]);
            x[off + j] = t;
            max = Math.max(max, t);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            float p = (float) Math.exp(x[off + j] - max);
            x[off + j] = p;
            sum += p;
        }
        for (int j = 0; j < n; j++) {
            x[off + j] = (float) (x[off + j] / sum);
        }
    }
}
