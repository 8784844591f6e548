package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.ops.NnOps;
import java.util.List;

/**
 * {@code Resize} of the last two dims: nearest with integer scales; linear with any coordinate mode that MIL's
 * {@code resize_bilinear} sampling modes express.
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
                OnnxTranslations.of("Resize", 11, ImageTranslations::resize),
                OnnxTranslations.of("SpaceToDepth", 1, (n, c) -> List.of(NnOps.spaceToDepth(c.builder(), c.input(0),
                        (int) n.intAttribute("blocksize").orElseThrow(() -> c.error("has no blocksize"))))));
    }

    private static List<Var> resize(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        int rank = x.tensorType().rank();
        long[] in = c.staticShape(x, "Resize");
        double[] scales = new double[rank];
        long[] out = new long[rank];
        if (c.hasInput(3)) {
            long[] sizes = c.constInput(3, "sizes").toLongArray();
            if (sizes.length != rank) {
                throw c.error("has " + sizes.length + " sizes for rank " + rank);
            }
            for (int i = 0; i < rank; i++) {
                out[i] = sizes[i];
                scales[i] = (double) sizes[i] / in[i];
            }
        } else {
            TensorValue s = c.constInput(2, "scales");
            if (s.elementCount() != rank) {
                throw c.error("has " + s.elementCount() + " scales for rank " + rank);
            }
            for (int i = 0; i < rank; i++) {
                scales[i] = s.getDouble(i);
                out[i] = (long) Math.floor(in[i] * scales[i]);
            }
        }
        for (int i = 0; i < rank - 2; i++) {
            if (out[i] != in[i]) {
                throw c.error("resizes dim " + i + ", but only the last two dims can be resized");
            }
        }
        String mode = n.stringAttribute("mode", "nearest");
        String coords = n.stringAttribute("coordinate_transformation_mode", "half_pixel");
        int h = rank - 2;
        int w = rank - 1;
        if (mode.equals("nearest")) {
            if (scales[h] != Math.rint(scales[h]) || scales[w] != Math.rint(scales[w])) {
                throw c.error("resizes by nearest neighbour with non-integer scales " + scales[h] + ", " + scales[w]);
            }
            return List.of(NnOps.upsampleNearestNeighbor(c.builder(), x, (float) scales[h], (float) scales[w]));
        }
        if (mode.equals("linear")) {
            String sampling = switch (coords) {
                case "align_corners" -> "STRICT_ALIGN_CORNERS";
                case "asymmetric" -> "DEFAULT";
                case "half_pixel", "pytorch_half_pixel" -> "UNALIGN_CORNERS";
                default -> throw c.error("has coordinate_transformation_mode `" + coords + "`, which MIL's "
                        + "resize_bilinear cannot express");
            };
            return List.of(NnOps.resizeBilinear(c.builder(), x, (int) out[h], (int) out[w], sampling));
        }
        throw c.error("has mode `" + mode + "`; supported: nearest, linear");
    }
}
