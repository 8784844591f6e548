package dev.mil4j.frontend.tensorflow.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.ops.TensorOps;
import java.util.function.UnaryOperator;

/**
 * TensorFlow's channels-last layouts (NHWC, NDHWC) against MIL's channels-first ops: the node's
 * {@code data_format}, the permutations between the two, and the spatial entries of per-dim attributes.
 */
final class Layouts {
    private Layouts() {
    }

    /** Whether the node's {@code data_format} puts channels first ({@code NCHW}, {@code NCDHW}). */
    static boolean channelsFirst(TfNode n, TfTranslationContext c) {
        String f = n.stringAttr("data_format", "NHWC");
        return switch (f) {
            case "NHWC", "NDHWC", "NWC" -> false;
            case "NCHW", "NCDHW", "NCW" -> true;
            default -> throw c.error("has data_format `" + f + "`; expected NHWC or NCHW");
        };
    }

    /** {@code x} transposed to channels-first unless it is already. */
    static Var toChannelsFirst(Builder b, Var x, boolean channelsFirst) {
        return channelsFirst ? x : TensorOps.transpose(b, x, channelsToFront(x.tensorType().rank()));
    }

    /** {@code y} transposed back to channels-last unless the node is channels-first. */
    static Var fromChannelsFirst(Builder b, Var y, boolean channelsFirst) {
        return channelsFirst ? y : TensorOps.transpose(b, y, channelsToBack(y.tensorType().rank()));
    }

    /**
     * Runs {@code body} on the node's rank-4 input made NCHW (unless the node is NCHW already) and makes the result
     * NHWC again.
     */
    static Var inChannelsFirst(TfNode n, TfTranslationContext c, Var x, UnaryOperator<Var> body) {
        if (channelsFirst(n, c)) {
            return body.apply(x);
        }
        if (x.tensorType().rank() != 4) {
            throw c.error("needs a rank-4 NHWC input, got " + x.tensorType());
        }
        return fromChannelsFirst(c.builder(), body.apply(toChannelsFirst(c.builder(), x, false)), false);
    }

    /** The permutation moving the last axis of a rank-{@code r} tensor to axis 1. */
    static int[] channelsToFront(int r) {
        int[] p = new int[r];
        p[0] = 0;
        p[1] = r - 1;
        for (int i = 2; i < r; i++) {
            p[i] = i - 1;
        }
        return p;
    }

    /** The inverse of {@link #channelsToFront}. */
    static int[] channelsToBack(int r) {
        int[] p = new int[r];
        p[0] = 0;
        for (int i = 1; i < r - 1; i++) {
            p[i] = i + 1;
        }
        p[r - 1] = 1;
        return p;
    }

    /** The spatial entries of a per-dim attribute such as {@code strides} ({@code [1, h, w, 1]}). */
    static int[] spatial(TfTranslationContext c, long[] perDim, boolean channelsFirst, String what) {
        int s = perDim.length - 2;
        if (s < 1) {
            throw c.error("has " + what + " of length " + perDim.length + "; expected one entry per input dim");
        }
        int[] out = new int[s];
        for (int i = 0; i < s; i++) {
            out[i] = Math.toIntExact(perDim[channelsFirst ? i + 2 : i + 1]);
        }
        return out;
    }
}
