package dev.mil4j.backend.neuralnetwork.reader;

import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.ints;
import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.rank;
import static dev.mil4j.backend.neuralnetwork.reader.TensorReaders.longs;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.NeuralNetworkLayer.LayerCase;
import dev.mil4j.spec.proto.ScatterMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rank-N layers of iOS 13 and 14 beyond shapes: scatters, reverses, one-hot, cumulative sum, arg-sort, ranges,
 * fills, band parts, sliding windows, where-non-zero and non-maximum suppression.
 */
final class NdReaders {
    private NdReaders() {
    }

    static Map<LayerCase, LayerReader> readers() {
        Map<LayerCase, LayerReader> m = new HashMap<>();
        m.put(LayerCase.SCATTER, (l, cx) -> scatter(cx, "scatter", l.getScatter().getMode(),
                l.getScatter().getAxis()));
        m.put(LayerCase.SCATTERALONGAXIS, (l, cx) -> scatter(cx, "scatter_along_axis",
                l.getScatterAlongAxis().getMode(), l.getScatterAlongAxis().getAxis()));
        m.put(LayerCase.SCATTERND, (l, cx) -> scatter(cx, "scatter_nd", l.getScatterND().getMode(), null));
        m.put(LayerCase.REVERSE, NdReaders::reverse);
        m.put(LayerCase.NONMAXIMUMSUPPRESSION, NdReaders::nonMaximumSuppression);
        m.put(LayerCase.REVERSESEQ, (l, cx) -> cx.output(cx.op("reverse_sequence").input("x", cx.in(0))
                .input("lengths", cx.indices(1))
                .input("seq_axis", TensorValue.scalar((int) l.getReverseSeq().getSequenceAxis()))
                .input("batch_axis", TensorValue.scalar((int) l.getReverseSeq().getBatchAxis())).output()));
        m.put(LayerCase.ONEHOT, NdReaders::oneHot);
        m.put(LayerCase.CUMSUM, (l, cx) -> cx.output(cx.op("cumsum").input("x", cx.in(0))
                .input("axis", TensorValue.scalar((int) l.getCumSum().getAxis()))
                .input("exclusive", TensorValue.scalar(l.getCumSum().getExcludeFinalSum()))
                .input("reverse", TensorValue.scalar(l.getCumSum().getReverse())).output()));
        m.put(LayerCase.ARGSORT, (l, cx) -> cx.output(cx.op("argsort").input("x", cx.in(0))
                .input("axis", TensorValue.scalar((int) l.getArgSort().getAxis()))
                .input("ascending", TensorValue.scalar(!l.getArgSort().getDescending())).output()));
        m.put(LayerCase.RANGESTATIC, (l, cx) -> range(cx, cx.constant(TensorValue.scalar(
                l.getRangeStatic().getEndValue())), l.getRangeStatic().getStartValue(),
                l.getRangeStatic().getStepSizeValue(), false));
        m.put(LayerCase.RANGEDYNAMIC, (l, cx) -> range(cx, scalar(cx, cx.in(0)),
                l.getRangeDynamic().getStartValue(), l.getRangeDynamic().getStepSizeValue(), cx.inputCount() == 3));
        m.put(LayerCase.FILLSTATIC, (l, cx) -> cx.output(cx.op("fill").input("shape",
                ints(longs(l.getFillStatic().getTargetShapeList())))
                .input("value", TensorValue.scalar(l.getFillStatic().getValue())).output()));
        m.put(LayerCase.FILLDYNAMIC, (l, cx) -> cx.output(cx.op("fill").input("shape", cx.indices(0))
                .input("value", TensorValue.scalar(l.getFillDynamic().getValue())).output()));
        m.put(LayerCase.FILLLIKE, (l, cx) -> cx.output(cx.op("fill").input("shape",
                cx.op("shape").input("x", cx.in(0)).output())
                .input("value", TensorValue.scalar(l.getFillLike().getValue())).output()));
        m.put(LayerCase.MATRIXBANDPART, (l, cx) -> cx.output(cx.op("band_part").input("x", cx.in(0))
                .input("lower", TensorValue.scalar((int) l.getMatrixBandPart().getNumLower()))
                .input("upper", TensorValue.scalar((int) l.getMatrixBandPart().getNumUpper())).output()));
        m.put(LayerCase.SLIDINGWINDOWS, (l, cx) -> cx.output(cx.op("sliding_windows").input("x", cx.in(0))
                .input("axis", TensorValue.scalar((int) l.getSlidingWindows().getAxis()))
                .input("size", TensorValue.scalar((int) l.getSlidingWindows().getWindowSize()))
                .input("stride", TensorValue.scalar((int) l.getSlidingWindows().getStep())).output()));
        m.put(LayerCase.LOWERTRIANGULAR, (l, cx) -> triangular(cx, true, l.getLowerTriangular().getK()));
        m.put(LayerCase.UPPERTRIANGULAR, (l, cx) -> triangular(cx, false, l.getUpperTriangular().getK()));
        // broadcasting against zeros of the target shape
        m.put(LayerCase.BROADCASTTOSTATIC, (l, cx) -> broadcast(cx, cx.op("fill").input("shape",
                ints(longs(l.getBroadcastToStatic().getTargetShapeList()))).input("value", TensorValue.scalar(0f))
                .output()));
        m.put(LayerCase.BROADCASTTODYNAMIC, (l, cx) -> broadcast(cx, cx.op("fill").input("shape", cx.indices(1))
                .input("value", TensorValue.scalar(0f)).output()));
        m.put(LayerCase.BROADCASTTOLIKE, (l, cx) -> broadcast(cx, cx.op("fill").input("shape",
                cx.op("shape").input("x", cx.in(1)).output()).input("value", TensorValue.scalar(0f)).output()));
        m.put(LayerCase.RESHAPELIKE, (l, cx) -> cx.output(cx.op("reshape").input("x", cx.in(0))
                .input("shape", cx.op("shape").input("x", cx.in(1)).output()).output()));
        m.put(LayerCase.WHERENONZERO, (l, cx) -> cx.output(cx.op("non_zero").input("x", cx.in(0)).output()));
        return m;
    }

    private static void broadcast(ReadContext cx, Var zeros) {
        cx.output(cx.op("add").input("x", cx.in(0)).input("y", zeros).output());
    }

    // lower: keeps j - i <= k; upper: keeps j - i >= k; band_part expresses k >= 0 (lower) and k <= 0 (upper)
    private static void triangular(ReadContext cx, boolean lower, long k) {
        if (lower ? k < 0 : k > 0) {
            throw new ReaderException("with k = " + k + " has no MIL form (band_part keeps the main diagonal)");
        }
        cx.output(cx.op("band_part").input("x", cx.in(0))
                .input("lower", TensorValue.scalar(lower ? -1 : (int) -k))
                .input("upper", TensorValue.scalar(lower ? (int) k : -1)).output());
    }

    private static void scatter(ReadContext cx, String op, ScatterMode mode, Long axis) {
        String m = switch (mode) {
            case SCATTER_UPDATE -> "update";
            case SCATTER_ADD -> "add";
            case SCATTER_SUB -> "sub";
            case SCATTER_MUL -> "mul";
            case SCATTER_DIV -> "div";
            case SCATTER_MAX -> "max";
            case SCATTER_MIN -> "min";
            case UNRECOGNIZED -> throw new ReaderException("has an unknown scatter mode");
        };
        var b = cx.op(op).input("data", cx.in(0)).input("indices", cx.indices(1)).input("updates", cx.in(2))
                .input("mode", TensorValue.scalar(m));
        if (axis != null) {
            b.input("axis", TensorValue.scalar(axis.intValue()));
        }
        cx.output(b.output());
    }

    private static void reverse(NeuralNetworkLayer l, ReadContext cx) {
        Var x = cx.in(0);
        List<Long> axes = new ArrayList<>();
        for (int i = 0; i < l.getReverse().getReverseDimCount(); i++) {
            if (l.getReverse().getReverseDim(i)) {
                axes.add((long) i);
            }
        }
        if (l.getReverse().getReverseDimCount() == 0) {
            for (int i = 0; i < rank(x); i++) {
                axes.add((long) i);
            }
        }
        cx.output(cx.op("reverse").input("x", x).input("axes", ints(longs(axes))).output());
    }

    private static void oneHot(NeuralNetworkLayer l, ReadContext cx) {
        var p = l.getOneHot();
        var b = cx.op("one_hot").input("indices", cx.indices(0)).input("axis", TensorValue.scalar((int) p.getAxis()))
                .input("on_value", TensorValue.scalar(p.getOnValue()))
                .input("off_value", TensorValue.scalar(p.getOffValue()));
        if (cx.inputCount() > 1) {
            b.input("one_hot_vector_size", scalarInt(cx, cx.indices(1)));
        } else {
            b.input("one_hot_vector_size", TensorValue.scalar((int) p.getOneHotVectorSize()));
        }
        cx.output(b.output());
    }

    // end (a blob of one value, or a constant), with start and step from the layer or from inputs 2 and 3
    private static void range(ReadContext cx, Var end, float start, float step, boolean dynamic) {
        var b = cx.op("range_1d").input("end", end);
        if (dynamic) {
            b.input("start", scalar(cx, cx.in(1))).input("step", scalar(cx, cx.in(2)));
        } else {
            b.input("start", TensorValue.scalar(start)).input("step", TensorValue.scalar(step));
        }
        cx.output(b.output());
    }

    /** A one-element blob as a scalar. */
    private static Var scalar(ReadContext cx, Var v) {
        if (rank(v) == 0) {
            return v;
        }
        return cx.op("reshape").input("x", v).input("shape", TensorValue.ofInts(dev.mil4j.core.types.Shape.of(0)))
                .output();
    }

    private static Var scalarInt(ReadContext cx, Var v) {
        return scalar(cx, cx.cast(v, DType.INT32));
    }

    // boxes [n, B, 4] and scores [n, B, K] to the kept boxes, their scores, indices and count (fp32 blobs, as every one)
    private static void nonMaximumSuppression(NeuralNetworkLayer l, ReadContext cx) {
        var p = l.getNonMaximumSuppression();
        if (cx.inputCount() != 2) {
            throw new ReaderException("has " + cx.inputCount() + " inputs; the reader reads the form with the boxes "
                    + "and scores as inputs and the thresholds as parameters");
        }
        if (p.getMaxBoxes() < 1 || p.getMaxBoxes() > Integer.MAX_VALUE) {
            throw new ReaderException("keeps at most " + p.getMaxBoxes() + " boxes; it needs 1 or more");
        }
        List<Var> out = cx.op("non_maximum_suppression").input("boxes", cx.in(0)).input("scores", cx.in(1))
                .input("iou_threshold", TensorValue.scalar(p.getIouThreshold()))
                .input("score_threshold", TensorValue.scalar(p.getScoreThreshold()))
                .input("max_boxes", TensorValue.scalar((int) p.getMaxBoxes()))
                .input("per_class_suppression", TensorValue.scalar(p.getPerClassSuppression())).outputs();
        for (int i = 0; i < Math.min(out.size(), l.getOutputCount()); i++) {
            cx.output(i, out.get(i));
        }
    }
}
