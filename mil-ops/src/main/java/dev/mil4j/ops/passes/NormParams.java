package dev.mil4j.ops.passes;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import java.util.Optional;

/** Turns a scale or shift that broadcasts over the normalized axes into layer_norm's {@code x.shape[axes]} form. */
final class NormParams {
    private NormParams() {
    }

    /**
     * {@code param} laid out as {@code x.shape[axes]} in {@code dtype}: {@code Optional.of(Optional.empty())} when
     * there is no param, empty when it broadcasts along another axis, raises the rank, or the normalized dims are
     * not static.
     */
    static Optional<Optional<TensorValue>> overAxes(Optional<TensorValue> param, TensorType x, int[] axes,
            DType dtype) {
        if (param.isEmpty()) {
            return Optional.of(Optional.empty());
        }
        TensorValue c = param.get();
        int rank = x.rank();
        Shape cs = c.shape();
        if (cs.rank() > rank) {
            return Optional.empty();
        }
        int offset = rank - cs.rank();
        long[] target = new long[axes.length];
        long[] strides = new long[axes.length]; // c's element stride for each normalized axis (0 when broadcast)
        long[] cStrides = new long[cs.rank()];
        long s = 1;
        for (int i = cs.rank() - 1; i >= 0; i--) {
            cStrides[i] = s;
            s *= cs.dim(i).size();
        }
        int k = 0;
        for (int i = 0; i < rank; i++) {
            long cd = i >= offset ? cs.dim(i - offset).size() : 1;
            boolean normalized = k < axes.length && axes[k] == i;
            if (!normalized) {
                if (cd != 1) {
                    return Optional.empty();
                }
                continue;
            }
            Dim xd = x.shape().dim(i);
            if (!xd.isKnown() || (cd != 1 && cd != xd.size())) {
                return Optional.empty();
            }
            target[k] = xd.size();
            strides[k] = cd == 1 ? 0 : cStrides[i - offset];
            k++;
        }
        long n = 1;
        for (long t : target) {
            n *= t;
        }
        double[] out = new double[Math.toIntExact(n)];
        for (int e = 0; e < out.length; e++) {
            long rem = e;
            long src = 0;
            for (int j = axes.length - 1; j >= 0; j--) {
                src += (rem % target[j]) * strides[j];
                rem /= target[j];
            }
            out[e] = c.getDouble(src);
        }
        return Optional.of(Optional.of(TensorValue.fromDoubles(dtype, Shape.of(target), out)));
    }
}
