package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import java.util.List;
import java.util.Optional;

/**
 * {@code RoiAlign} (opsets 10 and 16) in {@code avg} mode as MIL's {@code crop_resize} followed by an
 * {@code avg_pool}: each box is sampled on a grid of {@code output_height * sampling_ratio} by
 * {@code output_width * sampling_ratio} points, which the pooling averages per output bin, as ONNX averages the
 * samples of a bin.
 *
 * <p>The sample points are ONNX's, {@code start + (i + 0.5) L / M} over the box's extent {@code L}: the box is scaled
 * by {@code spatial_scale}, shifted by -0.5 in {@code half_pixel} mode (opset 16's default; {@code output_half_pixel},
 * the only behaviour of opset 10, does not shift but makes {@code L} at least 1), and handed to {@code crop_resize}
 * in {@code UNALIGN_CORNERS} mode as the box {@code [start + 0.5, start + L - 0.5]}, which places exactly those
 * points. ONNX clamps samples within one pixel outside the image to the border and reads 0 beyond: the image is
 * padded by one replicated pixel on each side (the boxes shifted by 1), so that the band clamps and, from iOS16 on
 * ({@code crop_resize}'s padding value 0), the points beyond read 0 (before iOS16 they read the border).
 *
 * <p>Refused: {@code max} mode (ONNX takes the maximum of the weighted corner values of each sample, which no MIL op
 * computes) and {@code sampling_ratio} 0 (an adaptive count of samples per box, known only at run time).
 */
final class RoiAlignTranslation {
    private RoiAlignTranslation() {
    }

    static List<Var> roiAlign(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
        Var x = c.input(0);
        if (x.tensorType().rank() != 4) {
            throw c.error("has a rank-" + x.tensorType().rank() + " input; expected [N, C, H, W]");
        }
        String mode = n.stringAttribute("mode", "avg");
        if (!mode.equals("avg")) {
            throw c.error("has mode `" + mode + "`; only avg is translated (ONNX's max takes the largest weighted "
                    + "corner of each sample, which no MIL op computes)");
        }
        int ratio = (int) n.intAttribute("sampling_ratio", 0);
        if (ratio <= 0) {
            throw c.error("has sampling_ratio " + ratio + ": an adaptive number of samples per box (from its size "
                    + "at run time) has no MIL form", "export with a fixed sampling_ratio (torchvision: "
                            + "sampling_ratio=2)");
        }
        int height = (int) n.intAttribute("output_height", 1);
        int width = (int) n.intAttribute("output_width", 1);
        String coords = c.opsetVersion() >= 16 ? n.stringAttribute("coordinate_transformation_mode", "half_pixel")
                : "output_half_pixel";
        if (!coords.equals("half_pixel") && !coords.equals("output_half_pixel")) {
            throw c.error("has coordinate_transformation_mode `" + coords + "`; expected half_pixel or "
                    + "output_half_pixel");
        }
        Var boxes = boxes(b, c.input(1), n.floatAttribute("spatial_scale", 1f), coords.equals("half_pixel"));
        Var indices = c.input(2);
        if (indices.tensorType().dtype() != DType.INT32) {
            indices = MathOps.cast(b, indices, DType.INT32);
        }
        Var padded = TensorOps.pad(b, x, new int[] {1, 1, 1, 1}, "replicate");
        Var crops;
        if (b.function().opset().compareTo(Opset.IOS17) >= 0) {
            crops = NnOps.cropResize(b, padded, boxes, Optional.of(indices), height * ratio, width * ratio,
                    "CORNERS_WIDTH_FIRST", "UNALIGN_CORNERS");
        } else {
            Var roi = TensorOps.concat(b, List.of(MathOps.cast(b, TensorOps.expandDims(b, indices, 1), DType.FP32),
                    boxes), 1);
            crops = TensorOps.squeeze(b, NnOps.cropResize(b, padded, TensorOps.expandDims(b, roi, 1, 3, 4),
                    height * ratio, width * ratio, "CORNERS_WIDTH_FIRST", "UNALIGN_CORNERS"), 1);
        }
        return List.of(NnOps.avgPool(b, crops, new int[] {ratio, ratio}, new int[] {ratio, ratio}, "valid",
                false));
    }

    /**
     * The {@code [num_rois, 4]} boxes {@code (x1, y1, x2, y2)} as {@code crop_resize} takes them in
     * {@code UNALIGN_CORNERS} mode on the padded image: {@code [start + 1.5, start + L + 0.5]} per axis.
     */
    private static Var boxes(Builder b, Var rois, float scale, boolean halfPixel) {
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
