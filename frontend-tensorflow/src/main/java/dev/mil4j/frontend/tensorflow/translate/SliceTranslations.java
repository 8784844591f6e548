package dev.mil4j.frontend.tensorflow.translate;

import static dev.mil4j.frontend.tensorflow.translate.Emit.one;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import java.util.ArrayList;
import java.util.List;

/** Slicing and gathering: {@code StridedSlice}, {@code Slice}, {@code GatherV2}, {@code GatherNd}. */
final class SliceTranslations {
    private SliceTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                TfTranslations.of("GatherNd", SliceTranslations::gatherNd),
                TfTranslations.of("GatherV2", SliceTranslations::gather),
                TfTranslations.of("Slice", (n, c) -> one(c.builder().op("slice_by_size").input("x", c.input(0))
                        .input("begin", c.input(1)).input("size", c.input(2)).output())),
                TfTranslations.of("StridedSlice", SliceTranslations::stridedSlice));
    }

    private static boolean bit(long mask, int i) {
        return (mask >> i & 1) != 0;
    }

    /**
     * Expands the slice spec (ellipsis and new axes) to one entry per dim of the input with its new axes inserted,
     * then emits {@code expand_dims} for the new axes and one {@code slice_by_index} with begin, end and squeeze
     * masks.
     */
    private static List<Var> stridedSlice(TfNode n, TfTranslationContext c) {
        Var x = c.input(0);
        int[] begin = Emit.constInts(c, 1, "begin");
        int[] end = Emit.constInts(c, 2, "end");
        int[] strides = Emit.constInts(c, 3, "strides");
        long beginMask = n.intAttr("begin_mask", 0);
        long endMask = n.intAttr("end_mask", 0);
        long ellipsisMask = n.intAttr("ellipsis_mask", 0);
        long newAxisMask = n.intAttr("new_axis_mask", 0);
        long shrinkMask = n.intAttr("shrink_axis_mask", 0);
        int spec = begin.length;
        if (end.length != spec || strides.length != spec) {
            throw c.error("has begin, end and strides of different lengths");
        }
        int rank = Emit.rank(x);
        int specDims = 0;
        for (int i = 0; i < spec; i++) {
            if (!bit(newAxisMask, i) && !bit(ellipsisMask, i)) {
                specDims++;
            }
        }
        List<int[]> entries = new ArrayList<>(); // {begin, end, stride, beginMask, endMask, squeeze}
        List<Integer> newAxes = new ArrayList<>();
        boolean ellipsisSeen = false;
        for (int i = 0; i < spec; i++) {
            if (bit(ellipsisMask, i) && !ellipsisSeen) {
                ellipsisSeen = true;
                int fill = rank - specDims;
                for (int k = 0; k < fill; k++) {
                    entries.add(new int[] {0, 0, 1, 1, 1, 0});
                }
            } else if (bit(newAxisMask, i)) {
                newAxes.add(entries.size());
                entries.add(new int[] {0, 0, 1, 1, 1, 0});
            } else {
                boolean shrink = bit(shrinkMask, i);
                entries.add(new int[] {begin[i], shrink ? (begin[i] == -1 ? 0 : begin[i] + 1) : end[i],
                        shrink ? 1 : strides[i], bit(beginMask, i) ? 1 : 0,
                        bit(endMask, i) || shrink && begin[i] == -1 ? 1 : 0, shrink ? 1 : 0});
            }
        }
        while (entries.size() < rank + newAxes.size()) {
            entries.add(new int[] {0, 0, 1, 1, 1, 0});
        }
        Builder b = c.builder();
        if (!newAxes.isEmpty()) {
            x = b.op("expand_dims").input("x", x).input("axes", TensorValue.vector(newAxes.stream()
                    .mapToInt(Integer::intValue).toArray())).output();
        }
        int m = entries.size();
        int[] bv = new int[m];
        int[] ev = new int[m];
        int[] sv = new int[m];
        boolean[] bm = new boolean[m];
        boolean[] em = new boolean[m];
        boolean[] sq = new boolean[m];
        boolean anySqueeze = false;
        for (int i = 0; i < m; i++) {
            int[] e = entries.get(i);
            bv[i] = e[0];
            ev[i] = e[1];
            sv[i] = e[2];
            bm[i] = e[3] == 1;
            em[i] = e[4] == 1;
            sq[i] = e[5] == 1;
            anySqueeze |= sq[i];
        }
        Builder.OpBuilder op = b.op("slice_by_index").input("x", x).input("begin", TensorValue.vector(bv))
                .input("end", TensorValue.vector(ev)).input("stride", TensorValue.vector(sv))
                .input("begin_mask", TensorValue.ofBools(Shape.of(m), bm))
                .input("end_mask", TensorValue.ofBools(Shape.of(m), em));
        if (anySqueeze) {
            op.input("squeeze_mask", TensorValue.ofBools(Shape.of(m), sq));
        }
        return one(op.output());
    }

    private static List<Var> gather(TfNode n, TfTranslationContext c) {
        Var x = c.input(0);
        int axis = Emit.axis(c, Emit.constInts(c, 2, "axis")[0], Emit.rank(x));
        Builder.OpBuilder op = c.builder().op("gather").input("x", x).input("indices", c.input(1))
                .input("axis", TensorValue.scalar(axis));
        long batchDims = n.intAttr("batch_dims", 0);
        if (batchDims != 0) {
            op.input("batch_dims", TensorValue.scalar((int) batchDims));
        }
        return one(op.output());
    }

    /** {@code GatherNd(params, indices[..., K])} is MIL's {@code gather_nd} (int32 indices). */
    private static List<Var> gatherNd(TfNode n, TfTranslationContext c) {
        Var indices = c.input(1);
        if (Emit.dtype(indices) != DType.INT32) {
            indices = c.builder().op("cast").input("x", indices).input("dtype", TensorValue.scalar("int32"))
                    .output();
        }
        return one(c.builder().op("gather_nd").input("x", c.input(0)).input("indices", indices).output());
    }
}
