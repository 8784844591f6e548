package dev.mil4j.backend.neuralnetwork.reader;

import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.ints;
import static dev.mil4j.backend.neuralnetwork.reader.TensorReaders.longs;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.NeuralNetworkLayer.LayerCase;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The rank-N reductions ({@code reduceSum}, {@code reduceMean}, ...): axes, keep-dims, or all axes. */
final class ReductionReaders {
    private ReductionReaders() {
    }

    private record Params(List<Long> axes, boolean keepDims, boolean reduceAll) {
    }

    static Map<LayerCase, LayerReader> readers() {
        return Map.ofEntries(
                reduce(LayerCase.REDUCESUM, "reduce_sum", l -> new Params(l.getReduceSum().getAxesList(),
                        l.getReduceSum().getKeepDims(), l.getReduceSum().getReduceAll())),
                reduce(LayerCase.REDUCEMEAN, "reduce_mean", l -> new Params(l.getReduceMean().getAxesList(),
                        l.getReduceMean().getKeepDims(), l.getReduceMean().getReduceAll())),
                reduce(LayerCase.REDUCEMAX, "reduce_max", l -> new Params(l.getReduceMax().getAxesList(),
                        l.getReduceMax().getKeepDims(), l.getReduceMax().getReduceAll())),
                reduce(LayerCase.REDUCEMIN, "reduce_min", l -> new Params(l.getReduceMin().getAxesList(),
                        l.getReduceMin().getKeepDims(), l.getReduceMin().getReduceAll())),
                reduce(LayerCase.REDUCEPROD, "reduce_prod", l -> new Params(l.getReduceProd().getAxesList(),
                        l.getReduceProd().getKeepDims(), l.getReduceProd().getReduceAll())),
                reduce(LayerCase.REDUCEL1, "reduce_l1_norm", l -> new Params(l.getReduceL1().getAxesList(),
                        l.getReduceL1().getKeepDims(), l.getReduceL1().getReduceAll())),
                reduce(LayerCase.REDUCEL2, "reduce_l2_norm", l -> new Params(l.getReduceL2().getAxesList(),
                        l.getReduceL2().getKeepDims(), l.getReduceL2().getReduceAll())),
                reduce(LayerCase.REDUCELOGSUM, "reduce_log_sum", l -> new Params(l.getReduceLogSum().getAxesList(),
                        l.getReduceLogSum().getKeepDims(), l.getReduceLogSum().getReduceAll())),
                reduce(LayerCase.REDUCELOGSUMEXP, "reduce_log_sum_exp", l -> new Params(
                        l.getReduceLogSumExp().getAxesList(), l.getReduceLogSumExp().getKeepDims(),
                        l.getReduceLogSumExp().getReduceAll())),
                reduce(LayerCase.REDUCESUMSQUARE, "reduce_sum_square", l -> new Params(
                        l.getReduceSumSquare().getAxesList(), l.getReduceSumSquare().getKeepDims(),
                        l.getReduceSumSquare().getReduceAll())));
    }

    private static Map.Entry<LayerCase, LayerReader> reduce(LayerCase kind, String op,
            Function<NeuralNetworkLayer, Params> params) {
        return Map.entry(kind, (l, cx) -> {
            Params p = params.apply(l);
            Builder.OpBuilder b = cx.op(op).input("x", cx.in(0)).input("keep_dims", TensorValue.scalar(p.keepDims()));
            if (!p.reduceAll()) {
                b.input("axes", ints(longs(p.axes())));
            }
            cx.output(b.output());
        });
    }
}
