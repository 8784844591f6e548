package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.ops.NnOps;
import java.util.List;

/**
 * Image ops: {@code Resize} ({@link ResizeTranslation}), {@code GridSample} (MIL's {@code resample}),
 * {@code DepthToSpace} and {@code SpaceToDepth}.
 */
final class ImageTranslations {
    private ImageTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                OnnxTranslations.of("DepthToSpace", 1, (n, c) -> {
                    int block = (int) n.intAttribute("blocksize").orElseThrow(() -> c.error("has no blocksize"));
                    String mode = n.stringAttribute("mode", "DCR");
                    return switch (mode) {
                        case "DCR" -> List.of(NnOps.depthToSpace(c.builder(), c.input(0), block));
                        // column-row-depth order is PyTorch's pixel shuffle
                        case "CRD" -> List.of(NnOps.pixelShuffle(c.builder(), c.input(0), block));
                        default -> throw c.error("has mode `" + mode + "`", "ONNX allows DCR and CRD");
                    };
                }),
                OnnxTranslations.of("GridSample", 16, ImageTranslations::gridSample),
                OnnxTranslations.of("GridSample", 20, ImageTranslations::gridSample),
                OnnxTranslations.of("Resize", 11, ResizeTranslation::resize),
                OnnxTranslations.of("SpaceToDepth", 1, (n, c) -> List.of(NnOps.spaceToDepth(c.builder(), c.input(0),
                        (int) n.intAttribute("blocksize").orElseThrow(() -> c.error("has no blocksize"))))));
    }

    /**
     * {@code GridSample} (opset 16: modes {@code bilinear}, {@code nearest}, {@code bicubic}; opset 20 names them
     * {@code linear} and {@code cubic} and allows any rank) of a 4-d input as MIL's {@code resample} with normalized
     * {@code [-1, 1]} coordinates: {@code zeros} padding is {@code constant} 0, {@code border} is {@code border}, and
     * {@code reflection} mirrors about the corner pixels' centers with {@code align_corners} ({@code reflection})
     * or about the image's outer edges without ({@code symmetric}), as coremltools maps PyTorch's grid_sample.
     */
    private static List<Var> gridSample(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        if (x.tensorType().rank() != 4) {
            throw c.error("samples a rank-" + x.tensorType().rank() + " input; MIL's resample takes [N, C, H, W] "
                    + "images only");
        }
        String mode = n.stringAttribute("mode", "bilinear");
        String sampling = switch (mode) {
            case "bilinear", "linear" -> "bilinear";
            case "nearest" -> "nearest";
            case "bicubic", "cubic" -> throw c.error("has mode `" + mode + "`, which MIL's resample cannot express",
                    "MIL samples bilinear or nearest; export with mode bilinear");
            default -> throw c.error("has mode `" + mode + "`; expected bilinear (linear), nearest or bicubic (cubic)");
        };
        boolean align = n.intAttribute("align_corners", 0) != 0;
        String padding = n.stringAttribute("padding_mode", "zeros");
        String milPadding = switch (padding) {
            case "zeros" -> "constant";
            case "border" -> "border";
            case "reflection" -> align ? "reflection" : "symmetric";
            default -> throw c.error("has padding_mode `" + padding + "`; expected zeros, border or reflection");
        };
        return List.of(NnOps.resample(c.builder(), x, c.input(1), sampling, milPadding,
                "normalized_minus_one_to_one", align));
    }
}
