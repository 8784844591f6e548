package dev.mil4j.frontend.pytorch.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslation;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.ReductionOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code adaptive_avg_poolNd(x, output_size)} and {@code adaptive_max_poolNd(x, output_size)} (values and flat
 * indices) for 1, 2 and 3 spatial dims. Output cell {@code i} of a dim of size {@code L} pooled to {@code O} covers
 * {@code [floor(i L / O), ceil((i + 1) L / O))}. Outputs of size 1 are reductions and evenly dividing sizes a plain
 * pool; other sizes pool one dim at a time (a box's mean is the mean of its rows' means, its maximum the maximum of
 * its rows' maxima), a slice and a reduction per output cell.
 */
final class AdaptivePools {
    private AdaptivePools() {
    }

    static TorchTranslation pool(int spatial, boolean max) {
        return (n, c) -> {
            Var x = c.tensor(0, "self");
            Shape s = x.tensorType().shape();
            int rank = s.rank();
            int[] out = ConvTranslations.perDim(c, 1, "output_size", spatial, 1);
            boolean indices = max && n.outputs().size() == 2;
            if (!indices && Arrays.stream(out).allMatch(o -> o == 1)) {
                // a reduction, whatever the sizes: symbolic spatial dims (enumerated or ranged shapes) are fine
                int[] axes = new int[spatial];
                for (int i = 0; i < spatial; i++) {
                    axes[i] = rank - spatial + i;
                }
                return List.of(max ? ReductionOps.reduceMax(c.builder(), x, axes, true)
                        : ReductionOps.reduceMean(c.builder(), x, axes, true));
            }
            int[] in = new int[spatial];
            for (int i = 0; i < spatial; i++) {
                Dim d = s.dim(rank - spatial + i);
                if (!d.isKnown()) {
                    throw c.error("adaptive pooling of symbolic dim " + d + " to a size other than 1 is not "
                            + "supported; give the input a static shape");
                }
                in[i] = (int) d.size();
            }
            if (!indices && spatial >= 2 && divides(in, out)) {
                int[] kernel = new int[spatial];
                for (int i = 0; i < spatial; i++) {
                    kernel[i] = in[i] / out[i];
                }
                return List.of(max ? NnOps.maxPool(c.builder(), x, kernel, kernel, "valid")
                        : NnOps.avgPool(c.builder(), x, kernel, kernel, new int[2 * spatial], false, false));
            }
            return separable(c, x, in, out, max, indices);
        };
    }

    private static boolean divides(int[] in, int[] out) {
        for (int i = 0; i < in.length; i++) {
            if (in[i] % out[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Pools the spatial dims from the last to the first. For max pooling the flat index (over the spatial dims) of
     * each maximum is carried along: the argmax {@code r} of a window starting at {@code s} along a dim of stride
     * {@code S} adds {@code (s + r) S} to the index carried by the winning element.
     */
    private static List<Var> separable(TorchTranslationContext c, Var x, int[] in, int[] out, boolean max,
            boolean indices) {
        Builder b = c.builder();
        int rank = x.tensorType().rank();
        int spatial = in.length;
        Var v = x;
        Var index = null;
        int stride = 1;
        for (int i = spatial - 1; i >= 0; i--) {
            int axis = rank - spatial + i;
            if (in[i] != out[i] || indices) {
                List<Var> values = new ArrayList<>();
                List<Var> where = new ArrayList<>();
                for (int o = 0; o < out[i]; o++) {
                    int start = (int) Math.floor((double) o * in[i] / out[i]);
                    int end = (int) Math.ceil((double) (o + 1) * in[i] / out[i]);
                    Var window = TensorOps.sliceAlong(b, v, axis, start, end);
                    int[] axes = {axis};
                    values.add(max ? ReductionOps.reduceMax(b, window, axes, true)
                            : ReductionOps.reduceMean(b, window, axes, true));
                    if (indices) {
                        Var r = ReductionOps.reduceArgmax(b, window, axis, true);
                        Var at = MathOps.mul(b, MathOps.add(b, r, c.scalar(start, r.tensorType().dtype())),
                                c.scalar(stride, r.tensorType().dtype()));
                        where.add(index == null ? at : MathOps.add(b, at,
                                TensorOps.gatherAlongAxis(b,
                                        TensorOps.sliceAlong(b, index, axis, start, end), r, axis)));
                    }
                }
                v = values.size() == 1 ? values.get(0) : TensorOps.concat(b, values, axis);
                if (indices) {
                    index = where.size() == 1 ? where.get(0) : TensorOps.concat(b, where, axis);
                }
            }
            stride *= in[i];
        }
        return indices ? List.of(v, index) : List.of(v);
    }
}
