package dev.mil4j.interpreter.kernels;

import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.KernelContext;
import dev.mil4j.interpreter.KernelRegistry;
import dev.mil4j.ops.tensor.NonMaximumSuppressionOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Kernels of the n-d indexing, reversing, windowing and block-moving ops, evaluated through their definitions
 * ({@code gather_nd}, {@code scatter_nd}, {@code reverse}, {@code reverse_sequence}, {@code sliding_windows},
 * {@code slice_update}, {@code crop}, {@code resize_nearest_neighbor}, {@code space_to_batch},
 * {@code batch_to_space}; up to 2^20 output elements each), and {@code non_maximum_suppression}.
 */
final class NdKernels {
    /** The ops evaluated through their definition, sorted. */
    static final List<String> BY_DEFINITION = List.of("batch_to_space", "crop", "gather_nd",
            "resize_nearest_neighbor", "reverse", "reverse_sequence", "scatter_nd", "slice_update", "sliding_windows",
            "space_to_batch");

    private NdKernels() {
    }

    static void register(KernelRegistry r) {
        r.registerAll(BY_DEFINITION, DefinitionKernel.INSTANCE, KernelRegistry.BUILT_IN);
        r.register("non_maximum_suppression", NdKernels::nms, KernelRegistry.BUILT_IN);
    }

    /**
     * Per batch: each box scores its best class; boxes scoring below {@code score_threshold} (iOS15) are dropped; the
     * rest, best first (ties by index), are kept unless their IoU with a kept box (of the same best class when
     * {@code per_class_suppression}) exceeds {@code iou_threshold}, up to {@code max_boxes}. Padding: zero boxes and
     * scores, index -1.
     */
    private static List<TensorValue> nms(KernelContext ctx) {
        boolean last = ((NonMaximumSuppressionOp) ctx.op()).boxesLast();
        TensorValue boxesValue = ctx.input("boxes");
        TensorValue scoresValue = ctx.input("scores");
        long[] bs = Tensors.shape(boxesValue);
        long[] ss = Tensors.shape(scoresValue);
        int n = (int) bs[0];
        int count = (int) (last ? bs[2] : bs[1]);
        int classes = (int) (last ? ss[1] : ss[2]);
        float[] boxes = boxesValue.toFloatArray();
        float[] scores = scoresValue.toFloatArray();
        double iou = ctx.constValue("iou_threshold").scalarDouble();
        double minScore = last ? Double.NEGATIVE_INFINITY : ctx.constValue("score_threshold").scalarDouble();
        int max = (int) ctx.constLong("max_boxes");
        boolean perClass = ctx.constBoolean("per_class_suppression");
        float[] outBoxes = new float[n * 4 * max];
        float[] outScores = new float[n * classes * max];
        int[] outIndices = new int[n * max];
        Arrays.fill(outIndices, -1);
        int[] kept = new int[n];
        for (int b = 0; b < n; b++) {
            final int batch = b;
            float[] best = new float[count];
            int[] cls = new int[count];
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                best[i] = Float.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    float s = scores[last ? (b * classes + k) * count + i : (b * count + i) * classes + k];
                    if (s > best[i]) {
                        best[i] = s;
                        cls[i] = k;
                    }
                }
                if (best[i] >= minScore) {
                    order.add(i);
                }
            }
            order.sort(Comparator.<Integer>comparingDouble(i -> -best[i]).thenComparingInt(i -> i));
            List<float[]> keptCorners = new ArrayList<>();
            List<Integer> keptBoxes = new ArrayList<>();
            for (int i : order) {
                if (keptBoxes.size() == max) {
                    break;
                }
                float[] c = corners(boxes, batch, i, count, last);
                boolean suppressed = false;
                for (int j = 0; j < keptBoxes.size() && !suppressed; j++) {
                    suppressed = (!perClass || cls[keptBoxes.get(j)] == cls[i]) && iou(c, keptCorners.get(j)) > iou;
                }
                if (!suppressed) {
                    keptBoxes.add(i);
                    keptCorners.add(c);
                }
            }
            kept[b] = keptBoxes.size();
            for (int j = 0; j < keptBoxes.size(); j++) {
                int i = keptBoxes.get(j);
                outIndices[b * max + j] = i;
                for (int q = 0; q < 4; q++) {
                    outBoxes[last ? (b * 4 + q) * max + j : (b * max + j) * 4 + q] =
                            boxes[last ? (b * 4 + q) * count + i : (b * count + i) * 4 + q];
                }
                for (int k = 0; k < classes; k++) {
                    outScores[last ? (b * classes + k) * max + j : (b * max + j) * classes + k] =
                            scores[last ? (b * classes + k) * count + i : (b * count + i) * classes + k];
                }
            }
        }
        List<TensorValue> out = new ArrayList<>();
        out.add(Tensors.fromFloats(ctx.outputDtype(0), last ? new long[] {n, 4, max} : new long[] {n, max, 4},
                outBoxes));
        out.add(Tensors.fromFloats(ctx.outputDtype(1), last ? new long[] {n, classes, max}
                : new long[] {n, max, classes}, outScores));
        out.add(TensorValue.ofInts(dev.mil4j.core.types.Shape.of(n, max), outIndices));
        if (!last) {
            out.add(TensorValue.ofInts(dev.mil4j.core.types.Shape.of(n), kept));
        }
        return out;
    }

    /** Box {@code i} of batch {@code b} (center x, center y, width, height) as corners x1, y1, x2, y2. */
    private static float[] corners(float[] boxes, int b, int i, int count, boolean last) {
        float[] v = new float[4];
        for (int q = 0; q < 4; q++) {
            v[q] = boxes[last ? (b * 4 + q) * count + i : (b * count + i) * 4 + q];
        }
        return new float[] {v[0] - v[2] / 2, v[1] - v[3] / 2, v[0] + v[2] / 2, v[1] + v[3] / 2};
    }

    private static double iou(float[] a, float[] b) {
        double w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        double h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double inter = w * h;
        double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
