package dev.mil4j.frontend.tensorflow.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.List;

/**
 * Slicing and indexing: {@code StridedSlice}, {@code Slice}, {@code GatherV2}, {@code GatherNd},
 * {@code ResourceGather} (of a frozen variable) and {@code Where} (the indices of the true elements).
 */
final class IndexTranslations {
    private IndexTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                TfTranslations.of("GatherNd", IndexTranslations::gatherNd),
                TfTranslations.of("GatherV2", (n, c) -> List.of(TensorOps.gather(c.builder(), c.input(0),
                        c.input(1), c.axis(c.constInput(2, "axis").getLong(0), c.input(0).tensorType().rank()),
                        (int) n.intAttr("batch_dims", 0)))),
                TfTranslations.of("ResourceGather", (n, c) -> List.of(TensorOps.gather(c.builder(), c.input(0),
                        c.input(1), 0, (int) n.intAttr("batch_dims", 0)))),
                TfTranslations.of("Slice", (n, c) -> List.of(TensorOps.sliceBySize(c.builder(), c.input(0),
                        c.input(1), c.input(2)))),
                TfTranslations.of("StridedSlice", IndexTranslations::stridedSlice),
                TfTranslations.of("Where", (n, c) -> {
                    if (c.inputCount() != 1) {
                        throw c.error("has " + c.inputCount() + " inputs; the 3-input form is Select");
                    }
                    return List.of(TensorOps.nonZero(c.builder(), c.input(0)));
                }));
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
        int[] begin = c.constInput(1, "begin").toIntArray();
        int[] end = c.constInput(2, "end").toIntArray();
        int[] strides = c.constInput(3, "strides").toIntArray();
        long beginMask = n.intAttr("begin_mask", 0);
        long endMask = n.intAttr("end_mask", 0);
        long ellipsisMask = n.intAttr("ellipsis_mask", 0);
        long newAxisMask = n.intAttr("new_axis_mask", 0);
        long shrinkMask = n.intAttr("shrink_axis_mask", 0);
        int spec = begin.length;
        if (end.length != spec || strides.length != spec) {
            throw c.error("has begin, end and strides of different lengths");
        }
        int rank = x.tensorType().rank();
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
        if (!newAxes.isEmpty()) {
            x = TensorOps.expandDims(c.builder(), x, newAxes.stream().mapToInt(Integer::intValue).toArray());
        }
        int m = entries.size();
        int[] bv = new int[m];
        int[] ev = new int[m];
        int[] sv = new int[m];
        boolean[] bm = new boolean[m];
        boolean[] em = new boolean[m];
        boolean[] sq = new boolean[m];
        for (int i = 0; i < m; i++) {
            int[] e = entries.get(i);
            bv[i] = e[0];
            ev[i] = e[1];
            sv[i] = e[2];
            bm[i] = e[3] == 1;
            em[i] = e[4] == 1;
            sq[i] = e[5] == 1;
        }
        return List.of(TensorOps.sliceByIndex(c.builder(), x, bv, ev, sv, bm, em, sq));
    }

    /** {@code GatherNd(params, indices[..., K])} is MIL's {@code gather_nd} (int32 indices). */
    private static List<Var> gatherNd(TfNode n, TfTranslationContext c) {
        Var indices = c.input(1);
        if (indices.tensorType().dtype() != DType.INT32) {
            indices = MathOps.cast(c.builder(), indices, DType.INT32);
        }
        return List.of(TensorOps.gatherNd(c.builder(), c.input(0), indices));
    }
}
