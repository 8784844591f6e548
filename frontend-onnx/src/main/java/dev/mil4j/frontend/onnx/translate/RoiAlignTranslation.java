package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.ops.DetectionOps;
import java.util.List;

/**
 * {@code RoiAlign} (opsets 10 and 16) in {@code avg} mode: {@link DetectionOps#roiAlign} ({@code half_pixel}, opset
 * 16's default, is torchvision's {@code aligned=True}; {@code output_half_pixel}, the only behaviour of opset 10, is
 * {@code aligned=False}).
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
        return List.of(DetectionOps.roiAlign(b, x, c.input(1), c.input(2), n.floatAttribute("spatial_scale", 1f),
                height, width, ratio, coords.equals("half_pixel")));
    }
}
