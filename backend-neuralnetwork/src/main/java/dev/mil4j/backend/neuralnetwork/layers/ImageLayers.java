package dev.mil4j.backend.neuralnetwork.layers;

import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constBool;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constFloat;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constInt;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constString;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.value;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.BoxCoordinatesMode;
import dev.mil4j.spec.proto.CropResizeLayerParams;
import dev.mil4j.spec.proto.ExpandDimsLayerParams;
import dev.mil4j.spec.proto.ReorganizeDataLayerParams;
import dev.mil4j.spec.proto.ResizeBilinearLayerParams;
import dev.mil4j.spec.proto.SamplingMode;
import dev.mil4j.spec.proto.UpsampleLayerParams;
import java.util.List;
import java.util.Map;

/** Image resizing and reorganization: {@code upsample}, {@code resizeBilinear}, {@code cropResize}, {@code reorganizeData}. */
final class ImageLayers {
    private ImageLayers() {
    }

    static Map<String, LayerTranslation> translations() {
        return Map.ofEntries(
                Map.entry("crop_resize", ImageLayers::cropResize),
                Map.entry("depth_to_space", (op, out) -> reorganize(op, out,
                        ReorganizeDataLayerParams.ReorganizationType.DEPTH_TO_SPACE, "block_size")),
                Map.entry("pixel_shuffle", (op, out) -> reorganize(op, out,
                        ReorganizeDataLayerParams.ReorganizationType.PIXEL_SHUFFLE, "upscale_factor")),
                Map.entry("resize_bilinear", ImageLayers::resizeBilinear),
                Map.entry("space_to_depth", (op, out) -> reorganize(op, out,
                        ReorganizeDataLayerParams.ReorganizationType.SPACE_TO_DEPTH, "block_size")),
                Map.entry("upsample_bilinear", (op, out) -> upsample(op, out, true)),
                Map.entry("upsample_nearest_neighbor", (op, out) -> upsample(op, out, false)));
    }

    private static void reorganize(Operation op, LayerEmitter out, ReorganizeDataLayerParams.ReorganizationType mode,
            String factor) {
        out.add(op.name(), out.input(op.requireInput("x")), out.name(op.output()), l -> l.setReorganizeData(
                ReorganizeDataLayerParams.newBuilder().setMode(mode).setBlockSize(constInt(op, factor))));
    }

    // integer factors fit the version-1 layer; fractional factors and align-corners modes need version 5
    private static void upsample(Operation op, LayerEmitter out, boolean bilinear) {
        float h = constFloat(op, "scale_factor_height");
        float w = constFloat(op, "scale_factor_width");
        UpsampleLayerParams.Builder p = UpsampleLayerParams.newBuilder().setMode(bilinear
                ? UpsampleLayerParams.InterpolationMode.BILINEAR : UpsampleLayerParams.InterpolationMode.NN);
        if (h == Math.rint(h) && w == Math.rint(w)) {
            p.addScalingFactor((long) h).addScalingFactor((long) w);
        } else {
            if (!bilinear) {
                throw new LayerException("`upsample_nearest_neighbor` with fractional scale factors has no "
                        + "NeuralNetwork form", "use integer factors, or convert to the ML Program target");
            }
            p.addFractionalScalingFactor(h).addFractionalScalingFactor(w);
            out.requireSpecVersion(LayerEmitter.IOS14_SPEC_VERSION);
        }
        if (bilinear) {
            boolean align = constBool(op, "align_corners");
            p.setLinearUpsampleMode(align ? UpsampleLayerParams.LinearUpsampleMode.ALIGN_CORNERS_TRUE
                    : UpsampleLayerParams.LinearUpsampleMode.ALIGN_CORNERS_FALSE);
            out.requireSpecVersion(LayerEmitter.IOS14_SPEC_VERSION);
        }
        out.add(op.name(), out.input(op.requireInput("x")), out.name(op.output()), l -> l.setUpsample(p));
    }

    private static void resizeBilinear(Operation op, LayerEmitter out) {
        String mode = constString(op, "sampling_mode");
        if (mode.equals("UNALIGN_CORNERS")) {
            unalignedResize(op, out);
            return;
        }
        out.add(op.name(), out.input(op.requireInput("x")), out.name(op.output()), l -> l.setResizeBilinear(
                ResizeBilinearLayerParams.newBuilder().addTargetSize(constInt(op, "target_size_height"))
                        .addTargetSize(constInt(op, "target_size_width")).setMode(sampling(mode))));
    }

    /**
     * {@code resize_bilinear} UNALIGN_CORNERS (half-pixel centers, PyTorch's {@code align_corners=False}) is an
     * {@code upsample} layer in ALIGN_CORNERS_FALSE mode scaled by {@code target / input} per spatial dim: integer
     * factors when the target is a multiple of the input, else fractional ones (the smallest float whose product
     * with the input size floors to the target).
     */
    private static void unalignedResize(Operation op, LayerEmitter out) {
        Var x = op.requireInput("x");
        int rank = LayerEmitter.rank(x);
        long[] in = {LayerEmitter.staticDim(op, x, rank - 2), LayerEmitter.staticDim(op, x, rank - 1)};
        long[] target = {constInt(op, "target_size_height"), constInt(op, "target_size_width")};
        UpsampleLayerParams.Builder p = UpsampleLayerParams.newBuilder()
                .setMode(UpsampleLayerParams.InterpolationMode.BILINEAR)
                .setLinearUpsampleMode(UpsampleLayerParams.LinearUpsampleMode.ALIGN_CORNERS_FALSE);
        if (target[0] % in[0] == 0 && target[1] % in[1] == 0) {
            p.addScalingFactor(target[0] / in[0]).addScalingFactor(target[1] / in[1]);
        } else {
            for (int i = 0; i < 2; i++) {
                float f = (float) target[i] / in[i];
                while ((long) Math.floor(f * in[i]) < target[i]) {
                    f = Math.nextUp(f);
                }
                p.addFractionalScalingFactor(f);
            }
        }
        out.requireSpecVersion(LayerEmitter.IOS14_SPEC_VERSION);
        out.add(op.name(), out.input(x), out.name(op.output()), l -> l.setUpsample(p));
    }

    static SamplingMode sampling(String mode) {
        SamplingMode.Method m = switch (mode) {
            case "STRICT_ALIGN_CORNERS" -> SamplingMode.Method.STRICT_ALIGN_ENDPOINTS_MODE;
            case "ALIGN_CORNERS" -> SamplingMode.Method.ALIGN_ENDPOINTS_MODE;
            case "DEFAULT" -> SamplingMode.Method.UPSAMPLE_MODE;
            case "OFFSET_CORNERS" -> SamplingMode.Method.ROI_ALIGN_MODE;
            default -> throw new LayerException("sampling mode `" + mode + "` has no NeuralNetwork form",
                    "convert to the ML Program target");
        };
        return SamplingMode.newBuilder().setSamplingMethod(m).build();
    }

    // the layer wants x with a leading sequence axis: expand_dims(x, 0), then crop_resize(x, roi)
    private static void cropResize(Operation op, LayerEmitter out) {
        if (op.input("roi").isEmpty()) {
            throw new LayerException("`crop_resize` with `boxes` (iOS17 form) has no NeuralNetwork form",
                    "convert to the ML Program target");
        }
        String expanded = op.name() + "_x_expand";
        out.add(expanded, out.input(op.requireInput("x")), expanded,
                l -> l.setExpandDims(ExpandDimsLayerParams.newBuilder().addAxes(0)));
        String boxMode = constString(op, "box_coordinate_mode");
        BoxCoordinatesMode.Coordinates c = BoxCoordinatesMode.Coordinates.valueOf(boxMode);
        CropResizeLayerParams.Builder p = CropResizeLayerParams.newBuilder()
                .addTargetSize(constInt(op, "target_height")).addTargetSize(constInt(op, "target_width"))
                .setNormalizedCoordinates(constBool(op, "normalized_coordinates"))
                .setMode(sampling(constString(op, "sampling_mode")))
                .setBoxIndicesMode(BoxCoordinatesMode.newBuilder().setBoxMode(c))
                .setSpatialScale(value(op, "spatial_scale").map(TensorValue::scalarDouble).orElse(1.0).floatValue());
        out.add(op.name(), List.of(expanded, out.input(op.requireInput("roi"))), List.of(out.name(op.output())),
                l -> l.setCropResize(p));
    }
}
