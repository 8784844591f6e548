package dev.mil4j.backend.neuralnetwork.layers;

import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constBool;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.constValue;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.rank;
import static dev.mil4j.backend.neuralnetwork.layers.LayerEmitter.value;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.ArgMaxLayerParams;
import dev.mil4j.spec.proto.ArgMinLayerParams;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.PoolingLayerParams;
import dev.mil4j.spec.proto.ReduceL1LayerParams;
import dev.mil4j.spec.proto.ReduceL2LayerParams;
import dev.mil4j.spec.proto.ReduceLogSumExpLayerParams;
import dev.mil4j.spec.proto.ReduceLogSumLayerParams;
import dev.mil4j.spec.proto.ReduceMaxLayerParams;
import dev.mil4j.spec.proto.ReduceMeanLayerParams;
import dev.mil4j.spec.proto.ReduceMinLayerParams;
import dev.mil4j.spec.proto.ReduceProdLayerParams;
import dev.mil4j.spec.proto.ReduceSumLayerParams;
import dev.mil4j.spec.proto.ReduceSumSquareLayerParams;
import dev.mil4j.spec.proto.ValidPadding;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Reductions: the {@code reduce*} layers, {@code argMax}/{@code argMin}; spatial mean and max as global pooling. */
final class ReductionLayers {
    private ReductionLayers() {
    }

    /** Makes a reduce layer's parameters from axes (empty: all), keep-dims and reduce-all. */
    private interface ReduceKind {
        Consumer<NeuralNetworkLayer.Builder> params(long[] axes, boolean keepDims, boolean all);
    }

    static Map<String, LayerTranslation> translations() {
        return Map.ofEntries(
                Map.entry("reduce_argmax", (op, out) -> arg(op, out, true)),
                Map.entry("reduce_argmin", (op, out) -> arg(op, out, false)),
                Map.entry("reduce_l1_norm", reduce((a, k, all) -> l -> l.setReduceL1(ReduceL1LayerParams.newBuilder()
                        .addAllAxes(Arrays.stream(a).boxed().toList()).setKeepDims(k).setReduceAll(all)))),
                Map.entry("reduce_l2_norm", reduce((a, k, all) -> l -> l.setReduceL2(ReduceL2LayerParams.newBuilder()
                        .addAllAxes(Arrays.stream(a).boxed().toList()).setKeepDims(k).setReduceAll(all)))),
                Map.entry("reduce_log_sum", reduce((a, k, all) -> l -> l.setReduceLogSum(
                        ReduceLogSumLayerParams.newBuilder().addAllAxes(Arrays.stream(a).boxed().toList())
                                .setKeepDims(k).setReduceAll(all)))),
                Map.entry("reduce_log_sum_exp", reduce((a, k, all) -> l -> l.setReduceLogSumExp(
                        ReduceLogSumExpLayerParams.newBuilder().addAllAxes(Arrays.stream(a).boxed().toList())
                                .setKeepDims(k).setReduceAll(all)))),
                Map.entry("reduce_max", globalPoolOr(PoolingLayerParams.PoolingType.MAX, reduce((a, k, all) -> l ->
                        l.setReduceMax(ReduceMaxLayerParams.newBuilder().addAllAxes(Arrays.stream(a).boxed().toList())
                                .setKeepDims(k).setReduceAll(all))))),
                Map.entry("reduce_mean", globalPoolOr(PoolingLayerParams.PoolingType.AVERAGE, reduce((a, k, all) -> l ->
                        l.setReduceMean(ReduceMeanLayerParams.newBuilder().addAllAxes(Arrays.stream(a).boxed()
                                .toList()).setKeepDims(k).setReduceAll(all))))),
                Map.entry("reduce_min", reduce((a, k, all) -> l -> l.setReduceMin(ReduceMinLayerParams.newBuilder()
                        .addAllAxes(Arrays.stream(a).boxed().toList()).setKeepDims(k).setReduceAll(all)))),
                Map.entry("reduce_prod", reduce((a, k, all) -> l -> l.setReduceProd(ReduceProdLayerParams.newBuilder()
                        .addAllAxes(Arrays.stream(a).boxed().toList()).setKeepDims(k).setReduceAll(all)))),
                Map.entry("reduce_sum", reduce((a, k, all) -> l -> l.setReduceSum(ReduceSumLayerParams.newBuilder()
                        .addAllAxes(Arrays.stream(a).boxed().toList()).setKeepDims(k).setReduceAll(all)))),
                Map.entry("reduce_sum_square", reduce((a, k, all) -> l -> l.setReduceSumSquare(
                        ReduceSumSquareLayerParams.newBuilder().addAllAxes(Arrays.stream(a).boxed().toList())
                                .setKeepDims(k).setReduceAll(all)))));
    }

    private static LayerTranslation reduce(ReduceKind kind) {
        return (op, out) -> {
            Optional<TensorValue> axes = value(op, "axes");
            boolean keep = value(op, "keep_dims").map(TensorValue::scalarBoolean).orElse(false);
            long[] a = axes.map(TensorValue::toLongArray).orElse(new long[0]);
            out.add(op.name(), out.input(op.requireInput("x")), out.name(op.output()),
                    kind.params(a, keep, axes.isEmpty()));
        };
    }

    // reduce over the last two axes of a rank-4 tensor, keeping them: global pooling
    private static LayerTranslation globalPoolOr(PoolingLayerParams.PoolingType type, LayerTranslation otherwise) {
        return (op, out) -> {
            var x = op.requireInput("x");
            boolean keep = value(op, "keep_dims").map(TensorValue::scalarBoolean).orElse(false);
            Optional<TensorValue> axes = value(op, "axes");
            if (rank(x) == 4 && keep && axes.isPresent()) {
                long[] a = axes.get().toLongArray();
                long[] norm = Arrays.stream(a).map(v -> v < 0 ? v + 4 : v).sorted().toArray();
                if (Arrays.equals(norm, new long[] {2, 3})) {
                    out.add(op.name(), out.input(x), out.name(op.output()), l -> l.setPooling(
                            PoolingLayerParams.newBuilder().setType(type).setGlobalPooling(true)
                                    .addKernelSize(0).addKernelSize(0).addStride(0).addStride(0)
                                    .setValid(ValidPadding.getDefaultInstance())));
                    return;
                }
            }
            otherwise.translate(op, out);
        };
    }

    private static void arg(Operation op, LayerEmitter out, boolean max) {
        long axis = constValue(op, "axis").scalarLong();
        boolean keep = constBool(op, "keep_dims");
        out.add(op.name(), out.input(op.requireInput("x")), out.name(op.output()), max
                ? l -> l.setArgMax(ArgMaxLayerParams.newBuilder().setAxis(axis).setRemoveDim(!keep))
                : l -> l.setArgMin(ArgMinLayerParams.newBuilder().setAxis(axis).setRemoveDim(!keep)));
    }
}
