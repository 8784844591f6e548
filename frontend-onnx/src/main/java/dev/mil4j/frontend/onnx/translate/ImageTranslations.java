package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import java.util.List;

/**
 * Image ops: {@code Resize} and {@code Upsample} ({@link ResizeTranslation}), {@code GridSample} (MIL's
 * {@code resample}), {@code DepthToSpace}, {@code SpaceToDepth}, {@code RoiAlign} ({@link RoiAlignTranslation}) and
 * {@code MaxUnpool}.
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
                OnnxTranslations.of("MaxUnpool", 9, ImageTranslations::maxUnpool),
                OnnxTranslations.of("Resize", 11, ResizeTranslation::resize),
                OnnxTranslations.of("RoiAlign", 10, RoiAlignTranslation::roiAlign),
                OnnxTranslations.of("Upsample", 7, ResizeTranslation::upsample),
                OnnxTranslations.of("Upsample", 9, ResizeTranslation::upsample),
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

    /**
     * {@code MaxUnpool} (opsets 9 and 11): the values of X written into zeros at the indices I, which count over the
     * whole flattened output (as {@code MaxPool}'s indices count over its whole input, and as ONNX Runtime writes
     * them): a {@code scatter} into the flattened zeros. The output shape is {@code output_shape} (which may arrive at
     * run time) or {@code (in - 1) * stride - pad_begin - pad_end + kernel} per spatial dim.
     */
    private static List<Var> maxUnpool(OnnxNode n, OnnxTranslationContext c) {
        Builder b = c.builder();
        Var x = c.input(0);
        Var shape;
        if (c.hasInput(2)) {
            shape = c.input(2);
            if (shape.tensorType().dtype() != DType.INT32) {
                shape = MathOps.cast(b, shape, DType.INT32);
            }
        } else {
            long[] in = c.staticShape(x, "MaxUnpool without output_shape");
            int spatial = in.length - 2;
            long[] kernel = n.intsAttribute("kernel_shape").orElseThrow(() -> c.error("has no kernel_shape"));
            long[] strides = n.intsAttribute("strides").orElseGet(() -> filled(spatial, 1));
            long[] pads = n.intsAttribute("pads").orElseGet(() -> filled(2 * spatial, 0));
            if (kernel.length != spatial || strides.length != spatial || pads.length != 2 * spatial) {
                throw c.error("has kernel_shape, strides or pads of the wrong length for " + spatial
                        + " spatial dims");
            }
            int[] out = new int[in.length];
            out[0] = (int) in[0];
            out[1] = (int) in[1];
            for (int i = 0; i < spatial; i++) {
                out[i + 2] = Math.toIntExact((in[i + 2] - 1) * strides[i] - pads[i] - pads[i + spatial] + kernel[i]);
            }
            shape = b.constant(TensorValue.vector(out));
        }
        Var indices = c.input(1);
        if (indices.tensorType().dtype() != DType.INT32) {
            indices = MathOps.cast(b, indices, DType.INT32);
        }
        Var zeros = MathOps.fill(b, shape, TensorValue.fromDoubles(x.tensorType().dtype(), Shape.scalar(), 0));
        Var flat = TensorOps.scatter(b, TensorOps.reshape(b, zeros, -1), TensorOps.reshape(b, indices, -1),
                TensorOps.reshape(b, x, -1), 0, "update");
        return List.of(TensorOps.reshape(b, flat, shape));
    }

    private static long[] filled(int n, long value) {
        long[] v = new long[n];
        java.util.Arrays.fill(v, value);
        return v;
    }
}
