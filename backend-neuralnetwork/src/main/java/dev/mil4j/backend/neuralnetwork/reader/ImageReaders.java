package dev.mil4j.backend.neuralnetwork.reader;

import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.ints;
import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.rank;
import static dev.mil4j.backend.neuralnetwork.reader.TensorReaders.longs;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.BorderAmounts;
import dev.mil4j.spec.proto.BoxCoordinatesMode;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.NeuralNetworkLayer.LayerCase;
import dev.mil4j.spec.proto.PaddingLayerParams;
import dev.mil4j.spec.proto.SamplingMode;
import dev.mil4j.spec.proto.UpsampleLayerParams;
import java.util.Map;

/** Spatial layers: {@code upsample}, {@code resizeBilinear}, {@code reorganizeData}, {@code padding},
 * {@code constantPad}, {@code crop} and {@code cropResize}, on the last two axes of {@code [..., C, H, W]}. */
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
                LayerCase.CROP, ImageReaders::crop,
                LayerCase.CROPRESIZE, ImageReaders::cropResize);
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

    private static String samplingMode(SamplingMode mode) {
        return switch (mode.getSamplingMethod()) {
            case STRICT_ALIGN_ENDPOINTS_MODE -> "STRICT_ALIGN_CORNERS";
            case ALIGN_ENDPOINTS_MODE -> "ALIGN_CORNERS";
            case UPSAMPLE_MODE -> "DEFAULT";
            case ROI_ALIGN_MODE -> "OFFSET_CORNERS";
            case UNRECOGNIZED -> throw new ReaderException("has an unknown sampling mode");
        };
    }

    private static void resizeBilinear(NeuralNetworkLayer l, ReadContext cx) {
        var p = l.getResizeBilinear();
        if (p.getTargetSizeCount() != 2) {
            throw new ReaderException("gives " + p.getTargetSizeCount() + " target sizes; it needs 2");
        }
        String mode = samplingMode(p.getMode());
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

    // images [1, B, C, H, W] (a leading sequence axis) and boxes [N, 1, 4 or 5, 1, 1] to [N, B, C, h, w]
    private static void cropResize(NeuralNetworkLayer l, ReadContext cx) {
        var p = l.getCropResize();
        if (cx.inputCount() != 2) {
            throw new ReaderException("has " + cx.inputCount() + " inputs; it needs the images and the boxes");
        }
        if (p.getTargetSizeCount() != 2) {
            throw new ReaderException("gives " + p.getTargetSizeCount() + " target sizes; it needs 2");
        }
        Var x = cx.in(0);
        if (rank(x) != 5 || !ReadContext.type(x).shape().dim(0).isKnown()
                || ReadContext.type(x).shape().dim(0).size() != 1) {
            throw new ReaderException("crops images of shape " + ReadContext.type(x).shape() + "; it needs "
                    + "[1, B, C, H, W]");
        }
        Var images = cx.op("squeeze").input("x", x).input("axes", ints(0)).output();
        var boxMode = p.getBoxIndicesMode().getBoxMode(); // named as MIL's box_coordinate_mode values
        if (boxMode == BoxCoordinatesMode.Coordinates.UNRECOGNIZED) {
            throw new ReaderException("has an unknown box coordinate mode");
        }
        String boxes = boxMode.name();
        // proto3 cannot tell an unset scale from 0; coremltools writes 1
        float scale = p.getSpatialScale() == 0f ? 1f : p.getSpatialScale();
        // the layer clamps samples outside the image to its border, as the iOS15 op does (iOS16's pads them)
        cx.output(cx.op("crop_resize", Opset.IOS15).input("x", images).input("roi", cx.in(1))
                .input("target_height", TensorValue.scalar((int) p.getTargetSize(0)))
                .input("target_width", TensorValue.scalar((int) p.getTargetSize(1)))
                .input("normalized_coordinates", TensorValue.scalar(p.getNormalizedCoordinates()))
                .input("spatial_scale", TensorValue.scalar(scale))
                .input("box_coordinate_mode", TensorValue.scalar(boxes))
                .input("sampling_mode", TensorValue.scalar(samplingMode(p.getMode()))).output());
    }
}
