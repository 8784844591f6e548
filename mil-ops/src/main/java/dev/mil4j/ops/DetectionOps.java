package dev.mil4j.ops;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Detection post-processing built from MIL ops, for counts known only at run time: MIL's
 * {@code non_maximum_suppression} pads its output to a constant {@code max_boxes}, which a box count the data decides
 * (boxes kept by a score threshold) cannot give.
 */
public final class DetectionOps {
    private DetectionOps() {
    }

    /**
     * Greedy non-maximum suppression of {@code boxes [N, 4]} (corners {@code x1, y1, x2, y2}) by {@code scores [N]}:
     * the indices (int32 {@code [K]}) of the boxes kept, by decreasing score, each dropping every later box whose
     * intersection over union with it exceeds {@code iouThreshold} (torchvision's {@code nms}). The boxes are sorted
     * by score ({@code argsort}); a {@code while_loop} over the boxes still kept computes each one's IoU with every
     * box, clears the later ones it suppresses and jumps to the next box still kept: {@code K} steps (the boxes kept)
     * of {@code O(N)} vector work in {@code O(N)} memory. {@code N} may be unknown until run time.
     */
    public static Var greedyNms(Builder b, Var boxes, Var scores, float iouThreshold) {
        DType dtype = boxes.tensorType().dtype();
        Var order = TensorOps.argsort(b, scores, 0, false);
        Var sorted = TensorOps.gather(b, boxes, order, 0);
        List<Var> corners = new ArrayList<>(); // x1, y1, x2, y2: [N] each
        for (Var c : TensorOps.split(b, sorted, 4, 1)) {
            corners.add(TensorOps.squeeze(b, c, 1));
        }
        Var area = MathOps.mul(b, MathOps.sub(b, corners.get(2), corners.get(0)),
                MathOps.sub(b, corners.get(3), corners.get(1)));
        Var count = TensorOps.reshape(b, TensorOps.sliceByIndex(b, MathOps.shape(b, scores), new int[] {0},
                new int[] {1}), new int[0]);
        Var threshold = b.constant(TensorValue.fromDoubles(dtype, Shape.scalar(), iouThreshold));
        // keep: int32 0/1 (MIL's gather takes no bools); the positions 0 .. N-1 as its exclusive cumsum, so that
        // every [N] vector of the loop has the scores' (run-time) size by type, not a size of its own
        Var keep = MathOps.fill(b, MathOps.shape(b, scores), TensorValue.scalar(1));
        Var positions = TensorOps.cumsum(b, keep, 0, true, false);
        // the loop visits only the boxes still kept: i is one (box 0 always is), and each step jumps to the next
        List<Var> done = ControlFlowOps.whileLoop(b, List.of(b.constant(TensorValue.scalar(0)), keep),
                (inner, in) -> List.of(MathOps.less(inner, in.get(0), count)),
                (inner, in) -> {
                    Var i = in.get(0);
                    Var[] own = new Var[4];
                    for (int k = 0; k < 4; k++) {
                        own[k] = TensorOps.gather(inner, corners.get(k), i, 0);
                    }
                    Var w = MathOps.maximum(inner, MathOps.sub(inner, MathOps.minimum(inner, corners.get(2), own[2]),
                            MathOps.maximum(inner, corners.get(0), own[0])), 0);
                    Var h = MathOps.maximum(inner, MathOps.sub(inner, MathOps.minimum(inner, corners.get(3), own[3]),
                            MathOps.maximum(inner, corners.get(1), own[1])), 0);
                    Var inter = MathOps.mul(inner, w, h);
                    Var union = MathOps.sub(inner, MathOps.add(inner, area, TensorOps.gather(inner, area, i, 0)),
                            inter);
                    Var later = MathOps.cast(inner, MathOps.greater(inner, positions, i), DType.INT32);
                    Var over = MathOps.mul(inner, MathOps.cast(inner, MathOps.greater(inner,
                            MathOps.realDiv(inner, inter, union), threshold), DType.INT32), later);
                    Var kept = MathOps.sub(inner, in.get(1), MathOps.mul(inner, in.get(1), over));
                    // the first box after i still kept, or N when there is none
                    Var ahead = MathOps.mul(inner, kept, later);
                    Var any = MathOps.greater(inner, ReductionOps.reduceMax(inner, ahead, new int[] {0}, false),
                            inner.constant(TensorValue.scalar(0)));
                    Var next = TensorOps.select(inner, any, ReductionOps.reduceArgmax(inner, ahead, 0, false), count);
                    return List.of(next, kept);
                });
        Var kept = TensorOps.squeeze(b, TensorOps.nonZero(b, done.get(1)), 1); // [K] sorted positions
        return TensorOps.gather(b, order, kept, 0);
    }

    /**
     * RoI align in average mode (torchvision's {@code roi_align}, ONNX's {@code RoiAlign}): for each box
     * {@code boxes [K, 4]} ({@code x1, y1, x2, y2} in input pixels) of image {@code batchIndices [K]} of
     * {@code x [N, C, H, W]}, a {@code [C, height, width]} grid whose bins average {@code ratio x ratio} bilinear
     * samples; {@code [K, C, height, width]}. {@code K} may be known only at run time.
     *
     * <p>As MIL's {@code crop_resize} followed by an {@code avg_pool}: the sample points are
     * {@code start + (i + 0.5) L / M} over the box's extent {@code L}: the box is scaled by {@code spatialScale},
     * shifted by -0.5 when {@code halfPixel} (torchvision's {@code aligned=True}; otherwise it is not shifted and
     * {@code L} is at least 1), and handed to {@code crop_resize} in {@code UNALIGN_CORNERS} mode as the box
     * {@code [start + 0.5, start + L - 0.5]}, which places exactly those points. Samples within one pixel outside the
     * image clamp to the border and farther ones read 0: the image is padded by one replicated pixel on each side
     * (the boxes shifted by 1), so that the band clamps and, from iOS16 on ({@code crop_resize}'s padding value 0),
     * the points beyond read 0 (before iOS16 they read the border).
     */
    public static Var roiAlign(Builder b, Var x, Var boxes, Var batchIndices, float spatialScale, int height,
            int width, int ratio, boolean halfPixel) {
        Var scaled = cropBoxes(b, boxes, spatialScale, halfPixel);
        Var indices = batchIndices.tensorType().dtype() == DType.INT32 ? batchIndices
                : MathOps.cast(b, batchIndices, DType.INT32);
        Var padded = TensorOps.pad(b, x, new int[] {1, 1, 1, 1}, "replicate");
        Var crops;
        if (b.function().opset().compareTo(Opset.IOS17) >= 0) {
            crops = NnOps.cropResize(b, padded, scaled, Optional.of(indices), height * ratio, width * ratio,
                    "CORNERS_WIDTH_FIRST", "UNALIGN_CORNERS");
        } else {
            Var roi = TensorOps.concat(b, List.of(MathOps.cast(b, TensorOps.expandDims(b, indices, 1),
                    scaled.tensorType().dtype()), scaled), 1);
            crops = TensorOps.squeeze(b, NnOps.cropResize(b, padded, TensorOps.expandDims(b, roi, 1, 3, 4),
                    height * ratio, width * ratio, "CORNERS_WIDTH_FIRST", "UNALIGN_CORNERS"), 1);
        }
        return NnOps.avgPool(b, crops, new int[] {ratio, ratio}, new int[] {ratio, ratio}, "valid", false);
    }

    /**
     * The {@code [K, 4]} boxes {@code (x1, y1, x2, y2)} as {@code crop_resize} takes them in {@code UNALIGN_CORNERS}
     * mode on the padded image: {@code [start + 1.5, start + L + 0.5]} per axis.
     */
    private static Var cropBoxes(Builder b, Var rois, float scale, boolean halfPixel) {
        if (rois.tensorType().dtype() != DType.FP32) {
            rois = MathOps.cast(b, rois, DType.FP32);
        }
        Var first = TensorOps.sliceAlong(b, rois, 1, 0, 2);
        Var last = TensorOps.sliceAlong(b, rois, 1, 2, 4);
        Var extent = MathOps.mul(b, MathOps.sub(b, last, first), scale);
        if (!halfPixel) {
            extent = MathOps.maximum(b, extent, 1);
        }
        Var start = MathOps.add(b, MathOps.mul(b, first, scale), halfPixel ? 1.0 : 1.5);
        return TensorOps.concat(b, List.of(start, MathOps.add(b, MathOps.add(b, start, extent), -1)), 1);
    }
}
