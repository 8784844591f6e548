package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.List;
import java.util.Optional;

/**
 * {@code NonMaxSuppression}: per image and class, greedy suppression of boxes by IoU, as one MIL
 * {@code non_maximum_suppression} over every (image, class) pair, whose kept indices are compacted into ONNX's
 * {@code [num_selected, 3]} rows of (image, class, box).
 *
 * <p>MIL's op differs from ONNX's in three ways, each bridged here: it scores a box by its best class and suppresses
 * across classes (ONNX treats every class on its own, so the boxes are repeated per class and each class is a batch
 * entry of its own); it takes center-size boxes (corners {@code [y1, x1, y2, x2]}, in either order, become centers
 * and absolute sizes; IoU does not care which axis comes first); it pads its output to {@code max_boxes} (the
 * padding, and boxes scoring at most {@code score_threshold}, are dropped by a mask and {@code non_zero}, so the row
 * count is known only at run time, like ONNX's). {@code iou_threshold} must be a constant (MIL's is);
 * {@code max_output_boxes_per_class} and {@code score_threshold} may arrive at run time.
 */
final class DetectionTranslations {
    private DetectionTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(OnnxTranslations.of("NonMaxSuppression", 10, DetectionTranslations::nonMaxSuppression));
    }

    private static List<Var> nonMaxSuppression(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
        long[] bs = c.staticShape(c.input(0), "NonMaxSuppression");
        long[] ss = c.staticShape(c.input(1), "NonMaxSuppression");
        if (bs.length != 3 || bs[2] != 4 || ss.length != 3 || ss[0] != bs[0] || ss[2] != bs[1]) {
            throw c.error("has boxes " + Shape.of(bs) + " and scores " + Shape.of(ss)
                    + "; expected [batch, boxes, 4] and [batch, classes, boxes]");
        }
        int batch = (int) bs[0];
        int count = (int) bs[1];
        int classes = (int) ss[1];
        int rows = batch * classes;
        Optional<TensorValue> maxOut = c.hasInput(2) ? c.constInput(2) : Optional.of(TensorValue.scalar(0L));
        int max = maxOut.map(v -> (int) Math.min(count, Math.max(0, v.getDouble(0)))).orElse(count);
        if (max == 0) {
            return List.of(b.constant(TensorValue.ofInts(Shape.of(0, 3))));
        }
        float iou = c.hasInput(3) ? (float) c.constInput(3, "iou_threshold").getDouble(0) : 0f;
        Var boxes = centerSize(b, c.input(0), batch, count, n.intAttribute("center_point_box", 0) != 0);
        if (classes != 1) {
            boxes = TensorOps.tile(b, TensorOps.expandDims(b, boxes, 1), 1, classes, 1, 1);
        }
        boxes = TensorOps.reshape(b, boxes, rows, count, 4);
        Var scores = TensorOps.reshape(b, c.input(1), rows, count);
        Var indices;
        if (b.function().opset().compareTo(Opset.IOS17) < 0) {
            indices = TensorOps.nonMaximumSuppression(b, boxes, TensorOps.expandDims(b, scores, 2), iou,
                    -Float.MAX_VALUE, max, false).indices();
        } else {
            indices = TensorOps.nonMaximumSuppressionBoxesLast(b, TensorOps.transpose(b, boxes, 0, 2, 1),
                    TensorOps.expandDims(b, scores, 1), iou, max, false).get(2);
        }
        Var keep = MathOps.greaterEqual(b, indices, b.constant(TensorValue.scalar(0)));
        if (c.hasInput(4)) {
            // a kept box's own score; -1 padding reads box 0 and is masked anyway
            Var own = TensorOps.gatherAlongAxis(b, scores, MathOps.maximum(b, indices,
                    b.constant(TensorValue.scalar(0))), 1);
            Var threshold = c.input(4);
            if (threshold.tensorType().rank() != 0) {
                threshold = TensorOps.reshape(b, threshold, 1, 1);
            }
            keep = MathOps.logicalAnd(b, keep, MathOps.greater(b, own, threshold));
        }
        if (maxOut.isEmpty()) {
            Var limit = TensorOps.reshape(b, MathOps.cast(b, c.input(2), DType.INT32), 1, 1);
            keep = MathOps.logicalAnd(b, keep, MathOps.less(b, b.constant(ranks(max)), limit));
        }
        Var triples = TensorOps.concat(b, List.of(b.constant(imageAndClass(batch, classes, max)),
                TensorOps.expandDims(b, indices, 2)), 2);
        triples = TensorOps.reshape(b, triples, rows * max, 3);
        Var selected = TensorOps.squeeze(b, TensorOps.nonZero(b, TensorOps.reshape(b, keep, rows * max)), 1);
        return List.of(TensorOps.gather(b, triples, selected, 0));
    }

    /** Boxes {@code [batch, count, 4]} in center-size form: ONNX's corner boxes become centers and sizes. */
    private static Var centerSize(Builder b, Var boxes, int batch, int count, boolean alreadyCenters) {
        if (alreadyCenters) {
            return boxes;
        }
        Var lo = TensorOps.sliceByIndex(b, boxes, new int[] {0, 0, 0}, new int[] {batch, count, 2});
        Var hi = TensorOps.sliceByIndex(b, boxes, new int[] {0, 0, 2}, new int[] {batch, count, 4});
        Var center = MathOps.mul(b, MathOps.add(b, lo, hi), 0.5);
        return TensorOps.concat(b, List.of(center, MathOps.abs(b, MathOps.sub(b, hi, lo))), 2);
    }

    /** The (image, class) pair of every row of every (image, class) entry: int32 {@code [batch * classes, max, 2]}. */
    private static TensorValue imageAndClass(int batch, int classes, int max) {
        int[] v = new int[batch * classes * max * 2];
        for (int r = 0; r < batch * classes; r++) {
            for (int j = 0; j < max; j++) {
                v[(r * max + j) * 2] = r / classes;
                v[(r * max + j) * 2 + 1] = r % classes;
            }
        }
        return TensorValue.ofInts(Shape.of(batch * classes, max, 2), v);
    }

    /** {@code [[0, 1, ..., max - 1]]}, int32. */
    private static TensorValue ranks(int max) {
        int[] v = new int[max];
        for (int i = 0; i < max; i++) {
            v[i] = i;
        }
        return TensorValue.ofInts(Shape.of(1, max), v);
    }
}
