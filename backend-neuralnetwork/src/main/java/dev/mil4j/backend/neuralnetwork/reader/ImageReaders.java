package dev.mil4j.backend.neuralnetwork.reader;

import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.ints;
import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.rank;
import static dev.mil4j.backend.neuralnetwork.reader.TensorReaders.longs;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.BorderAmounts;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.NeuralNetworkLayer.LayerCase;
import dev.mil4j.spec.proto.PaddingLayerParams;
import dev.mil4j.spec.proto.SamplingMode;
import dev.mil4j.spec.proto.UpsampleLayerParams;
import java.util.Map;

/** Spatial layers: {@code upsample}, {@code resizeBilinear}, {@code reorganizeData}, {@code padding},
 * {@code constantPad} and {@code crop}, on the last two axes of {@code [..., C, H, W]}. */
final class ImageReaders {
    private ImageReaders() {
    }

    static Map<LayerCase, LayerReader> readers() {
        return Map.of(
                LayerCase.UPSAMPLE, ImageReaders::upsample,
                LayerCase.RESIZEBILINEAR, ImageReaders::resizeBilinear,
                LayerCase.REORGANIZEDATA, ImageReaders::reorganize,
                LayerCase.PADDING, ImageReaders::padding,
                LayerCase.CONSTANTPAD, ImageReaders::constantPad,
                LayerCase.CROP, ImageReaders::crop);
    }

    private static void upsample(NeuralNetworkLayer l, ReadContext cx) {
        UpsampleLayerParams p = l.getUpsample();
        float h;
        float w;
        if (p.getFractionalScalingFactorCount() == 2) {
            h = p.getFractionalScalingFactor(0);
            w = p.getFractionalScalingFactor(1);
        } else if (p.getScalingFactorCount() == 2) {
            h = p.getScalingFactor(0);
            w = p.getScalingFactor(1);
        } else {
            throw new ReaderException("gives " + p.getScalingFactorCount() + " scaling factors; it needs 2");
        }
        Builder.OpBuilder op;
        if (p.getMode() == UpsampleLayerParams.InterpolationMode.NN) {
            op = cx.op("upsample_nearest_neighbor");
        } else {
            // ALIGN_CORNERS_FALSE is PyTorch's align_corners=False (half-pixel centers); the rest align the corners
            boolean align = p.getLinearUpsampleMode() != UpsampleLayerParams.LinearUpsampleMode.ALIGN_CORNERS_FALSE;
            op = cx.op("upsample_bilinear").input("align_corners", TensorValue.scalar(align));
        }
        cx.output(op.input("x", cx.in(0)).input("scale_factor_height", TensorValue.scalar(h))
                .input("scale_factor_width", TensorValue.scalar(w)).output());
    }

    private static void resizeBilinear(NeuralNetworkLayer l, ReadContext cx) {
        var p = l.getResizeBilinear();
        if (p.getTargetSizeCount() != 2) {
            throw new ReaderException("gives " + p.getTargetSizeCount() + " target sizes; it needs 2");
        }
        String mode = switch (p.getMode().getSamplingMethod()) {
            case STRICT_ALIGN_ENDPOINTS_MODE -> "STRICT_ALIGN_CORNERS";
            case ALIGN_ENDPOINTS_MODE -> "ALIGN_CORNERS";
            case UPSAMPLE_MODE -> "DEFAULT";
            case ROI_ALIGN_MODE -> "OFFSET_CORNERS";
            case UNRECOGNIZED -> throw new ReaderException("has an unknown sampling mode");
        };
        cx.output(cx.op("resize_bilinear").input("x", cx.in(0))
                .input("target_size_height", TensorValue.scalar((int) p.getTargetSize(0)))
                .input("target_size_width", TensorValue.scalar((int) p.getTargetSize(1)))
                .input("sampling_mode", TensorValue.scalar(mode)).output());
    }

    private static void reorganize(NeuralNetworkLayer l, ReadContext cx) {
        var p = l.getReorganizeData();
        TensorValue block = TensorValue.scalar((int) p.getBlockSize());
        Var x = cx.in(0);
        cx.output(switch (p.getMode()) {
            case SPACE_TO_DEPTH -> cx.op("space_to_depth").input("x", x).input("block_size", block).output();
            case DEPTH_TO_SPACE -> cx.op("depth_to_space").input("x", x).input("block_size", block).output();
            case PIXEL_SHUFFLE -> cx.op("pixel_shuffle").input("x", x).input("upscale_factor", block).output();
            case UNRECOGNIZED -> throw new ReaderException("has an unknown reorganization mode");
        });
    }

    // [top, bottom, left, right] of the last two axes
    private static long[] borders(BorderAmounts b) {
        long[] pad = new long[4];
        for (int i = 0; i < Math.min(2, b.getBorderAmountsCount()); i++) {
            pad[2 * i] = b.getBorderAmounts(i).getStartEdgeSize();
            pad[2 * i + 1] = b.getBorderAmounts(i).getEndEdgeSize();
        }
        return pad;
    }

    private static void padding(NeuralNetworkLayer l, ReadContext cx) {
        PaddingLayerParams p = l.getPadding();
        String mode = switch (p.getPaddingTypeCase()) {
            case CONSTANT, PADDINGTYPE_NOT_SET -> "constant";
            case REFLECTION -> "reflect";
            case REPLICATION -> "replicate";
        };
        cx.output(cx.op("pad").input("x", cx.in(0)).input("pad", ints(borders(p.getPaddingAmounts())))
                .input("mode", TensorValue.scalar(mode))
                .input("constant_val", TensorValue.scalar(p.getConstant().getValue())).output());
    }

    private static void constantPad(NeuralNetworkLayer l, ReadContext cx) {
        var p = l.getConstantPad();
        if (p.getPadToGivenOutputSizeMode()) {
            throw new ReaderException("pads to a given output size, which the reader does not support");
        }
        cx.output(cx.op("pad").input("x", cx.in(0)).input("pad", ints(longs(p.getPadAmountsList())))
                .input("mode", TensorValue.scalar("constant")).input("constant_val", TensorValue.scalar(p.getValue()))
                .output());
    }

    private static void crop(NeuralNetworkLayer l, ReadContext cx) {
        if (cx.inputCount() > 1) {
            throw new ReaderException("crops to the shape of a second input, which the reader does not support");
        }
        Var x = cx.in(0);
        if (rank(x) < 3) {
            throw new ReaderException("crops a rank-" + rank(x) + " input; it needs [..., C, H, W]");
        }
        long[] b = borders(l.getCrop().getCropAmounts());
        cx.output(cx.op("crop").input("x", x).input("crop_height", ints(b[0], b[1]))
                .input("crop_width", ints(b[2], b[3])).output());
    }
}
