package dev.mil4j.backend.neuralnetwork.layers;

import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constBool;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constFloat;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constInt;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constLongs;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.rank;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.staticDim;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.value;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.BorderAmounts;
import dev.mil4j.spec.proto.CropLayerParams;
import dev.mil4j.spec.proto.GatherNDLayerParams;
import dev.mil4j.spec.proto.NonMaximumSuppressionLayerParams;
import dev.mil4j.spec.proto.ReverseLayerParams;
import dev.mil4j.spec.proto.ReverseSeqLayerParams;
import dev.mil4j.spec.proto.ScatterMode;
import dev.mil4j.spec.proto.ScatterNDLayerParams;
import dev.mil4j.spec.proto.SlidingWindowsLayerParams;
import dev.mil4j.spec.proto.UpsampleLayerParams;
import java.util.List;
import java.util.Map;

/**
 * The n-d indexing, reversing, windowing and cropping ops and NMS: {@code gatherND}, {@code scatterND},
 * {@code reverse}, {@code reverseSeq}, {@code slidingWindows}, {@code crop}, {@code upsample} (nearest-neighbor
 * resizing by whole factors) and {@code NonMaximumSuppression}. {@code space_to_batch}, {@code batch_to_space} and
 * {@code slice_update} have no layer: the backend reports them with the ops it cannot express.
 */
final class NdLayers {
    private NdLayers() {
    }

    static Map<String, LayerTranslation> translations() {
        return Map.ofEntries(
                Map.entry("crop", NdLayers::crop),
                Map.entry("gather_nd", NdLayers::gatherNd),
                Map.entry("non_maximum_suppression", NdLayers::nms),
                Map.entry("resize_nearest_neighbor", NdLayers::resizeNearest),
                Map.entry("reverse", NdLayers::reverse),
                Map.entry("reverse_sequence", (op, out) -> out.add(op.name(),
                        out.inputs(List.of(op.requireInput("x"), op.requireInput("lengths"))),
                        List.of(out.name(op.output())), l -> l.setReverseSeq(ReverseSeqLayerParams.newBuilder()
                                .setBatchAxis(constInt(op, "batch_axis")).setSequenceAxis(constInt(op, "seq_axis"))))),
                Map.entry("scatter_nd", NdLayers::scatterNd),
                Map.entry("sliding_windows", (op, out) -> out.add(op.name(), out.input(op.requireInput("x")),
                        out.name(op.output()), l -> l.setSlidingWindows(SlidingWindowsLayerParams.newBuilder()
                                .setAxis(constInt(op, "axis")).setWindowSize(constInt(op, "size"))
                                .setStep(constInt(op, "stride"))))));
    }

    private static void gatherNd(Operation op, LayerEmitter out) {
        if (value(op, "batch_dims").map(TensorValue::scalarLong).orElse(0L) != 0) {
            throw new LayerException("`gather_nd` with batch_dims has no NeuralNetwork form",
                    "convert to the ML Program target");
        }
        out.add(op.name(), out.inputs(List.of(op.requireInput("x"), op.requireInput("indices"))),
                List.of(out.name(op.output())), l -> l.setGatherND(GatherNDLayerParams.getDefaultInstance()));
    }

    private static void scatterNd(Operation op, LayerEmitter out) {
        ScatterMode m = TensorLayers.scatterMode(op);
        out.add(op.name(), out.inputs(List.of(op.requireInput("data"), op.requireInput("indices"),
                op.requireInput("updates"))), List.of(out.name(op.output())),
                l -> l.setScatterND(ScatterNDLayerParams.newBuilder().setMode(m)));
    }

    private static void reverse(Operation op, LayerEmitter out) {
        Var x = op.requireInput("x");
        int r = rank(x);
        boolean[] flip = new boolean[r];
        if (value(op, "axes").isEmpty()) {
            java.util.Arrays.fill(flip, true);
        } else {
            for (long a : constLongs(op, "axes")) {
                flip[(int) (a < 0 ? a + r : a)] = true;
            }
        }
        ReverseLayerParams.Builder p = ReverseLayerParams.newBuilder();
        for (boolean f : flip) {
            p.addReverseDim(f);
        }
        out.add(op.name(), out.input(x), out.name(op.output()), l -> l.setReverse(p));
    }

    private static void crop(Operation op, LayerEmitter out) {
        long[] h = constLongs(op, "crop_height");
        long[] w = constLongs(op, "crop_width");
        BorderAmounts.Builder amounts = BorderAmounts.newBuilder()
                .addBorderAmounts(BorderAmounts.EdgeSizes.newBuilder().setStartEdgeSize(h[0]).setEndEdgeSize(h[1]))
                .addBorderAmounts(BorderAmounts.EdgeSizes.newBuilder().setStartEdgeSize(w[0]).setEndEdgeSize(w[1]));
        out.add(op.name(), out.input(op.requireInput("x")), out.name(op.output()),
                l -> l.setCrop(CropLayerParams.newBuilder().setCropAmounts(amounts)));
    }

    // the NeuralNetwork format resizes by nearest neighbor only through upsample's whole scale factors
    private static void resizeNearest(Operation op, LayerEmitter out) {
        Var x = op.requireInput("x");
        int r = rank(x);
        long h = staticDim(op, x, r - 2);
        long w = staticDim(op, x, r - 1);
        long th = constInt(op, "target_size_height");
        long tw = constInt(op, "target_size_width");
        if (th % h != 0 || tw % w != 0) {
            throw new LayerException("`resize_nearest_neighbor` from " + h + "x" + w + " to " + th + "x" + tw
                    + " has no NeuralNetwork form (only whole upsampling factors do)",
                    "convert to the ML Program target");
        }
        out.add(op.name(), out.input(x), out.name(op.output()), l -> l.setUpsample(UpsampleLayerParams.newBuilder()
                .setMode(UpsampleLayerParams.InterpolationMode.NN).addScalingFactor(th / h)
                .addScalingFactor(tw / w)));
    }

    private static void nms(Operation op, LayerEmitter out) {
        if (op.input("score_threshold").isEmpty()) {
            throw new LayerException("`non_maximum_suppression` in its iOS17 form (boxes along the last axis) has no "
                    + "NeuralNetwork form", "convert to the ML Program target, or target iOS15/iOS16");
        }
        NonMaximumSuppressionLayerParams.Builder p = NonMaximumSuppressionLayerParams.newBuilder()
                .setIouThreshold(constFloat(op, "iou_threshold"))
                .setScoreThreshold(constFloat(op, "score_threshold"))
                .setMaxBoxes(constInt(op, "max_boxes"))
                .setPerClassSuppression(constBool(op, "per_class_suppression"));
        out.add(op.name(), out.inputs(List.of(op.requireInput("boxes"), op.requireInput("scores"))),
                op.outputs().stream().map(out::name).toList(), l -> l.setNonMaximumSuppression(p));
    }
}
