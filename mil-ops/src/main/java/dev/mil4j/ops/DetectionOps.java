package dev.mil4j.ops;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.List;

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
     * by score ({@code argsort}); a {@code while_loop} over them computes, for each box still kept, its IoU with every
     * box and clears the later ones it suppresses: {@code N} steps of {@code O(N)} vector work in {@code O(N)}
     * memory. {@code N} may be unknown until run time.
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
                    Var over = MathOps.logicalAnd(inner, MathOps.greater(inner, MathOps.realDiv(inner, inter, union),
                            threshold), MathOps.greater(inner, positions, i)); // only later boxes
                    Var dropped = MathOps.mul(inner, MathOps.cast(inner, over, DType.INT32),
                            TensorOps.gather(inner, in.get(1), i, 0)); // while box i is kept
                    return List.of(MathOps.add(inner, i, inner.constant(TensorValue.scalar(1))),
                            MathOps.sub(inner, in.get(1), MathOps.mul(inner, in.get(1), dropped)));
                });
        Var kept = TensorOps.squeeze(b, TensorOps.nonZero(b, done.get(1)), 1); // [K] sorted positions
        return TensorOps.gather(b, order, kept, 0);
    }
}
