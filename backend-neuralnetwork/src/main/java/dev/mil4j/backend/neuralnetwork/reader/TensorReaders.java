package dev.mil4j.backend.neuralnetwork.reader;

import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.bools;
import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.ints;
import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.rank;
import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.staticShape;
import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.weight;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.NeuralNetworkLayer.LayerCase;
import dev.mil4j.spec.proto.SliceLayerParams;
import dev.mil4j.spec.proto.SliceStaticLayerParams;
import dev.mil4j.spec.proto.SplitNDLayerParams;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shape and data movement: constants, reshapes and flattens, transposes, concatenation and splitting, squeeze and
 * expand, slices, gathers, tile, stack, top-k, arg-max/min, copy and get-shape.
 */
final class TensorReaders {
    private TensorReaders() {
    }

    static Map<LayerCase, LayerReader> readers() {
        Map<LayerCase, LayerReader> m = new HashMap<>();
        m.put(LayerCase.LOADCONSTANTND, (l, cx) -> cx.output(cx.constant(weight(l.getLoadConstantND().getData(),
                "data", longs(l.getLoadConstantND().getShapeList())))));
        m.put(LayerCase.LOADCONSTANT, (l, cx) -> cx.output(cx.constant(weight(l.getLoadConstant().getData(),
                "data", longs(l.getLoadConstant().getShapeList())))));
        m.put(LayerCase.COPY, (l, cx) -> cx.output(cx.op("identity").input("x", cx.in(0)).output()));
        m.put(LayerCase.RESHAPESTATIC, (l, cx) -> reshape(cx, cx.in(0),
                longs(l.getReshapeStatic().getTargetShapeList())));
        m.put(LayerCase.RANKPRESERVINGRESHAPE, (l, cx) -> reshape(cx, cx.in(0),
                longs(l.getRankPreservingReshape().getTargetShapeList())));
        m.put(LayerCase.RESHAPEDYNAMIC, (l, cx) -> cx.output(cx.op("reshape").input("x", cx.in(0))
                .input("shape", cx.indices(1)).output()));
        m.put(LayerCase.RESHAPE, TensorReaders::reshapeRank5);
        m.put(LayerCase.FLATTEN, TensorReaders::flatten);
        m.put(LayerCase.FLATTENTO2D, TensorReaders::flattenTo2d);
        m.put(LayerCase.TRANSPOSE, (l, cx) -> transpose(cx, longs(l.getTranspose().getAxesList())));
        m.put(LayerCase.PERMUTE, (l, cx) -> transpose(cx, longs(l.getPermute().getAxisList())));
        m.put(LayerCase.CONCATND, (l, cx) -> concat(cx, l.getConcatND().getAxis(), l.getConcatND().getInterleave()));
        m.put(LayerCase.CONCAT, (l, cx) -> concat(cx, l.getConcat().getSequenceConcat() ? -5 : -3, false));
        m.put(LayerCase.SPLITND, TensorReaders::splitNd);
        m.put(LayerCase.SPLIT, (l, cx) -> split(cx, cx.op("split").input("x", cx.in(0))
                .input("num_splits", TensorValue.scalar((int) l.getSplit().getNOutputs()))
                .input("axis", TensorValue.scalar(-3))));
        m.put(LayerCase.SQUEEZE, TensorReaders::squeeze);
        m.put(LayerCase.EXPANDDIMS, (l, cx) -> cx.output(cx.op("expand_dims").input("x", cx.in(0))
                .input("axes", ints(longs(l.getExpandDims().getAxesList()))).output()));
        m.put(LayerCase.SLICESTATIC, TensorReaders::sliceStatic);
        m.put(LayerCase.SLICEDYNAMIC, TensorReaders::sliceDynamic);
        m.put(LayerCase.SLICE, TensorReaders::slice);
        m.put(LayerCase.GATHER, (l, cx) -> cx.output(cx.op("gather").input("x", cx.in(0)).input("indices",
                cx.indices(1)).input("axis", TensorValue.scalar((int) l.getGather().getAxis())).output()));
        m.put(LayerCase.GATHERALONGAXIS, (l, cx) -> cx.output(cx.op("gather_along_axis").input("x", cx.in(0))
                .input("indices", cx.indices(1)).input("axis", TensorValue.scalar((int) l.getGatherAlongAxis()
                        .getAxis())).output()));
        m.put(LayerCase.GATHERND, (l, cx) -> cx.output(cx.op("gather_nd").input("x", cx.in(0))
                .input("indices", cx.indices(1)).output()));
        m.put(LayerCase.TILE, (l, cx) -> cx.output(cx.op("tile").input("x", cx.in(0))
                .input("reps", ints(longs(l.getTile().getRepsList()))).output()));
        m.put(LayerCase.STACK, (l, cx) -> cx.output(cx.op("stack").inputs("values", cx.ins())
                .input("axis", TensorValue.scalar((int) l.getStack().getAxis())).output()));
        m.put(LayerCase.TOPK, TensorReaders::topK);
        m.put(LayerCase.ARGMAX, (l, cx) -> cx.output(cx.op("reduce_argmax").input("x", cx.in(0))
                .input("axis", TensorValue.scalar((int) l.getArgMax().getAxis()))
                .input("keep_dims", TensorValue.scalar(!l.getArgMax().getRemoveDim())).output()));
        m.put(LayerCase.ARGMIN, (l, cx) -> cx.output(cx.op("reduce_argmin").input("x", cx.in(0))
                .input("axis", TensorValue.scalar((int) l.getArgMin().getAxis()))
                .input("keep_dims", TensorValue.scalar(!l.getArgMin().getRemoveDim())).output()));
        m.put(LayerCase.GETSHAPE, (l, cx) -> cx.output(cx.op("shape").input("x", cx.in(0)).output()));
        return m;
    }

    static long[] longs(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static void reshape(ReadContext cx, Var x, long[] shape) {
        cx.output(cx.op("reshape").input("x", x).input("shape", ints(shape)).output());
    }

    // the rank-5 reshape: the target [C, H, W] or [S, C, H, W] of the trailing dims, the batch axis kept
    private static void reshapeRank5(NeuralNetworkLayer l, ReadContext cx) {
        if (l.getReshape().getMode() != dev.mil4j.spec.proto.ReshapeLayerParams.ReshapeOrder.CHANNEL_FIRST) {
            throw new ReaderException("reshapes in CHANNEL_LAST order, which the reader does not support");
        }
        Var x = cx.in(0);
        long[] target = longs(l.getReshape().getTargetShapeList());
        long[] shape = new long[target.length + 1];
        shape[0] = rank(x) > 3 ? staticShape(x, "a rank-5 reshape")[rank(x) - 4] : 1;
        System.arraycopy(target, 0, shape, 1, target.length);
        reshape(cx, x, shape);
    }

    // [..., C, H, W] -> [..., C*H*W, 1, 1]
    private static void flatten(NeuralNetworkLayer l, ReadContext cx) {
        if (l.getFlatten().getMode() != dev.mil4j.spec.proto.FlattenLayerParams.FlattenOrder.CHANNEL_FIRST) {
            throw new ReaderException("flattens in CHANNEL_LAST order, which the reader does not support");
        }
        Var x = cx.in(0);
        long[] s = staticShape(x, "a flatten");
        int r = s.length;
        long[] out = new long[Math.max(r, 3)];
        System.arraycopy(s, 0, out, 0, Math.max(0, r - 3));
        long n = 1;
        for (int i = Math.max(0, r - 3); i < r; i++) {
            n *= s[i];
        }
        int at = Math.max(0, r - 3);
        out[at] = n;
        for (int i = at + 1; i < out.length; i++) {
            out[i] = 1;
        }
        reshape(cx, x, out);
    }

    private static void flattenTo2d(NeuralNetworkLayer l, ReadContext cx) {
        Var x = cx.in(0);
        long[] s = staticShape(x, "flattenTo2D");
        int axis = (int) (l.getFlattenTo2D().getAxis() < 0 ? l.getFlattenTo2D().getAxis() + s.length
                : l.getFlattenTo2D().getAxis());
        long a = 1;
        long b = 1;
        for (int i = 0; i < s.length; i++) {
            if (i < axis) {
                a *= s[i];
            } else {
                b *= s[i];
            }
        }
        reshape(cx, x, new long[] {a, b});
    }

    private static void transpose(ReadContext cx, long[] perm) {
        cx.output(cx.op("transpose").input("x", cx.in(0)).input("perm", ints(perm)).output());
    }

    private static void concat(ReadContext cx, long axis, boolean interleave) {
        List<Var> in = cx.ins();
        if (in.size() == 1) {
            cx.output(cx.op("identity").input("x", in.get(0)).output());
            return;
        }
        cx.output(cx.op("concat").inputs("values", in).input("axis", TensorValue.scalar((int) axis))
                .input("interleave", TensorValue.scalar(interleave)).output());
    }

    private static void splitNd(NeuralNetworkLayer l, ReadContext cx) {
        SplitNDLayerParams p = l.getSplitND();
        Builder.OpBuilder op = cx.op("split").input("x", cx.in(0)).input("axis", TensorValue.scalar((int) p.getAxis()));
        if (p.getSplitSizesCount() > 0) {
            op.input("split_sizes", ints(longs(p.getSplitSizesList())));
        } else {
            op.input("num_splits", TensorValue.scalar((int) (p.getNumSplits() > 0 ? p.getNumSplits()
                    : l.getOutputCount())));
        }
        split(cx, op);
    }

    private static void split(ReadContext cx, Builder.OpBuilder op) {
        List<Var> parts = op.outputs();
        for (int i = 0; i < parts.size(); i++) {
            cx.output(i, parts.get(i));
        }
    }

    private static void squeeze(NeuralNetworkLayer l, ReadContext cx) {
        Builder.OpBuilder op = cx.op("squeeze").input("x", cx.in(0));
        if (!l.getSqueeze().getSqueezeAll()) {
            op.input("axes", ints(longs(l.getSqueeze().getAxesList())));
        }
        cx.output(op.output());
    }

    private static void sliceStatic(NeuralNetworkLayer l, ReadContext cx) {
        SliceStaticLayerParams p = l.getSliceStatic();
        int r = p.getBeginIdsCount();
        boolean[] bm = new boolean[r];
        boolean[] em = new boolean[r];
        boolean[] sm = new boolean[r];
        long[] strides = new long[r];
        for (int i = 0; i < r; i++) {
            bm[i] = i < p.getBeginMasksCount() && p.getBeginMasks(i);
            em[i] = i < p.getEndMasksCount() && p.getEndMasks(i);
            sm[i] = i < p.getSqueezeMasksCount() && p.getSqueezeMasks(i);
            strides[i] = i < p.getStridesCount() ? p.getStrides(i) : 1;
        }
        cx.output(cx.op("slice_by_index").input("x", cx.in(0)).input("begin", ints(longs(p.getBeginIdsList())))
                .input("end", ints(longs(p.getEndIdsList()))).input("stride", ints(strides))
                .input("begin_mask", bools(bm)).input("end_mask", bools(em)).input("squeeze_mask", bools(sm))
                .output());
    }

    // begin (and end, and strides) from inputs; the rest from the layer
    private static void sliceDynamic(NeuralNetworkLayer l, ReadContext cx) {
        var p = l.getSliceDynamic();
        Var x = cx.in(0);
        int r = rank(x);
        boolean[] bm = new boolean[r];
        boolean[] em = new boolean[r];
        boolean[] sm = new boolean[r];
        long[] strides = new long[r];
        long[] ends = new long[r];
        for (int i = 0; i < r; i++) {
            bm[i] = i < p.getBeginMasksCount() && p.getBeginMasks(i);
            em[i] = i < p.getEndMasksCount() && p.getEndMasks(i);
            sm[i] = i < p.getSqueezeMasksCount() && p.getSqueezeMasks(i);
            strides[i] = i < p.getStridesCount() ? p.getStrides(i) : 1;
            ends[i] = i < p.getEndIdsCount() ? p.getEndIds(i) : 0;
        }
        Builder.OpBuilder op = cx.op("slice_by_index").input("x", x).input("begin", cx.indices(1));
        if (cx.inputCount() > 2) {
            op.input("end", cx.indices(2));
        } else {
            op.input("end", ints(ends));
        }
        if (cx.inputCount() > 3) {
            op.input("stride", cx.indices(3));
        } else {
            op.input("stride", ints(strides));
        }
        cx.output(op.input("begin_mask", bools(bm)).input("end_mask", bools(em)).input("squeeze_mask", bools(sm))
                .output());
    }

    // the rank-5 slice of one of the channel, height and width axes (-3, -2, -1)
    private static void slice(NeuralNetworkLayer l, ReadContext cx) {
        SliceLayerParams p = l.getSlice();
        Var x = cx.in(0);
        int r = rank(x);
        int axis = r - 3 + p.getAxis().getNumber();
        if (axis < 0) {
            throw new ReaderException("slices axis " + p.getAxis() + " of a rank-" + r + " input");
        }
        long[] begin = new long[r];
        long[] end = new long[r];
        long[] stride = new long[r];
        boolean[] bm = new boolean[r];
        boolean[] em = new boolean[r];
        java.util.Arrays.fill(bm, true);
        java.util.Arrays.fill(em, true);
        java.util.Arrays.fill(stride, 1);
        bm[axis] = false;
        begin[axis] = p.getStartIndex();
        stride[axis] = Math.max(1, p.getStride());
        if (p.getEndIndex() != -1) {
            em[axis] = false;
            end[axis] = p.getEndIndex();
        }
        cx.output(cx.op("slice_by_index").input("x", x).input("begin", ints(begin)).input("end", ints(end))
                .input("stride", ints(stride)).input("begin_mask", bools(bm)).input("end_mask", bools(em)).output());
    }

    private static void topK(NeuralNetworkLayer l, ReadContext cx) {
        if (cx.inputCount() > 1) {
            throw new ReaderException("takes K as a second input, which the reader does not support",
                    "give K as the layer's parameter");
        }
        List<Var> out = cx.op("topk").input("x", cx.in(0)).input("k", TensorValue.scalar((int) l.getTopK().getK()))
                .input("axis", TensorValue.scalar((int) l.getTopK().getAxis()))
                .input("ascending", TensorValue.scalar(l.getTopK().getUseBottomK())).outputs();
        cx.output(0, out.get(0));
        if (l.getOutputCount() > 1) {
            cx.output(1, out.get(1));
        }
    }
}
