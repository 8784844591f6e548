package dev.mil4j.frontend.tensorflow.translate;

import static dev.mil4j.frontend.tensorflow.translate.Emit.one;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import java.util.List;

/**
 * Convolution and pooling. TensorFlow is channels-last (NHWC, NDHWC) with HWIO filters; MIL's {@code conv},
 * {@code conv_transpose} and pools are channels-first with OIHW weights: the translations transpose the input to
 * channels-first, the filter to MIL's layout (folded, since filters are constants) and the result back.
 */
final class ConvTranslations {
    private ConvTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                TfTranslations.of("AvgPool", (n, c) -> pool(n, c, "avg_pool")),
                TfTranslations.of("Conv2D", (n, c) -> conv(n, c, false), "Conv3D"),
                TfTranslations.of("Conv2DBackpropInput", ConvTranslations::convTranspose),
                TfTranslations.of("DepthwiseConv2dNative", (n, c) -> conv(n, c, true)),
                TfTranslations.of("MaxPool", (n, c) -> pool(n, c, "max_pool"), "MaxPoolV2"));
    }

    /** MIL's pad_type for TensorFlow's padding; explicit paddings are returned through {@code pad}. */
    static String padType(TfNode n, TfTranslationContext c) {
        String p = n.stringAttr("padding", "VALID");
        return switch (p) {
            case "SAME" -> "same";
            case "VALID" -> "valid";
            case "EXPLICIT" -> "custom";
            default -> throw c.error("has padding `" + p + "`; expected SAME, VALID or EXPLICIT");
        };
    }

    /** TensorFlow's explicit_paddings (a begin/end pair per input dim) as MIL's spatial pad. */
    private static int[] explicitPad(TfNode n, TfTranslationContext c, boolean channelsFirst, int spatial) {
        long[] p = n.intsAttr("explicit_paddings").orElse(new long[0]);
        if (p.length != 2 * (spatial + 2)) {
            throw c.error("has " + p.length + " explicit paddings for " + (spatial + 2) + " dims");
        }
        int[] out = new int[2 * spatial];
        for (int i = 0; i < spatial; i++) {
            int dim = channelsFirst ? i + 2 : i + 1;
            out[2 * i] = Math.toIntExact(p[2 * dim]);
            out[2 * i + 1] = Math.toIntExact(p[2 * dim + 1]);
        }
        return out;
    }

    private static Var toChannelsFirst(Builder b, Var x, boolean channelsFirst) {
        return channelsFirst ? x : Emit.transpose(b, x, Emit.channelsToFront(Emit.rank(x)));
    }

    private static Var fromChannelsFirst(Builder b, Var y, boolean channelsFirst) {
        return channelsFirst ? y : Emit.transpose(b, y, Emit.channelsToBack(Emit.rank(y)));
    }

    /** The HWIO (or DHWIO) filter permuted to OIHW: the last two axes first, swapped. */
    private static int[] filterPerm(int rank) {
        int[] p = new int[rank];
        p[0] = rank - 1;
        p[1] = rank - 2;
        for (int i = 2; i < rank; i++) {
            p[i] = i - 2;
        }
        return p;
    }

    private static List<Var> conv(TfNode n, TfTranslationContext c, boolean depthwise) {
        Builder b = c.builder();
        Var x = c.input(0);
        Var w = c.input(1);
        boolean first = Emit.channelsFirst(n, c);
        int spatial = Emit.rank(x) - 2;
        if (spatial < 1 || Emit.rank(w) != spatial + 2) {
            throw c.error("needs an input of rank 3 or more and a filter of the same rank, got " + x.tensorType()
                    + " and " + w.tensorType());
        }
        long[] ws = Emit.staticShape(c, w, "the filter");
        long inChannels = x.tensorType().shape().dim(first ? 1 : spatial + 1).isKnown()
                ? x.tensorType().shape().dim(first ? 1 : spatial + 1).size() : ws[spatial];
        int groups;
        if (depthwise) {
            // [kh, kw, C, M] -> [kh, kw, 1, C*M] -> [C*M, 1, kh, kw]
            int[] shape = new int[spatial + 2];
            for (int i = 0; i < spatial; i++) {
                shape[i] = (int) ws[i];
            }
            shape[spatial] = 1;
            shape[spatial + 1] = (int) (ws[spatial] * ws[spatial + 1]);
            w = Emit.reshape(b, w, shape);
            groups = (int) ws[spatial];
        } else {
            groups = (int) (inChannels / ws[spatial]);
        }
        w = Emit.transpose(b, w, filterPerm(spatial + 2));
        String padType = padType(n, c);
        Builder.OpBuilder op = b.op("conv").input("x", toChannelsFirst(b, x, first)).input("weight", w)
                .input("strides", TensorValue.vector(Emit.spatial(c, n.intsAttr("strides")
                        .orElseThrow(() -> c.error("has no strides")), first, "strides")))
                .input("pad_type", TensorValue.scalar(padType))
                .input("dilations", TensorValue.vector(Emit.spatial(c, n.intsAttr("dilations")
                        .orElse(ones(spatial + 2)), first, "dilations")))
                .input("groups", TensorValue.scalar(groups));
        if (padType.equals("custom")) {
            op.input("pad", TensorValue.vector(explicitPad(n, c, first, spatial)));
        }
        return one(fromChannelsFirst(b, op.output(), first));
    }

    private static long[] ones(int n) {
        long[] v = new long[n];
        java.util.Arrays.fill(v, 1);
        return v;
    }

    /** {@code Conv2DBackpropInput(input_sizes, filter, out_backprop)} as {@code conv_transpose}. */
    private static List<Var> convTranspose(TfNode n, TfTranslationContext c) {
        Builder b = c.builder();
        boolean first = Emit.channelsFirst(n, c);
        int[] sizes = Emit.constInts(c, 0, "input_sizes");
        Var w = Emit.transpose(b, c.input(1), filterPerm(4));
        Var x = c.input(2);
        int[] outShape = first ? sizes : new int[] {sizes[0], sizes[3], sizes[1], sizes[2]};
        String padType = padType(n, c);
        Builder.OpBuilder op = b.op("conv_transpose").input("x", toChannelsFirst(b, x, first)).input("weight", w)
                .input("strides", TensorValue.vector(Emit.spatial(c, n.intsAttr("strides")
                        .orElseThrow(() -> c.error("has no strides")), first, "strides")))
                .input("dilations", TensorValue.vector(Emit.spatial(c, n.intsAttr("dilations").orElse(ones(4)),
                        first, "dilations")))
                .input("pad_type", TensorValue.scalar(padType))
                .input("output_shape", TensorValue.vector(outShape));
        if (padType.equals("custom")) {
            op.input("pad", TensorValue.vector(explicitPad(n, c, first, 2)));
        }
        return one(fromChannelsFirst(b, op.output(), first));
    }

    private static List<Var> pool(TfNode n, TfTranslationContext c, String milOp) {
        Builder b = c.builder();
        Var x = c.input(0);
        boolean first = Emit.channelsFirst(n, c);
        // MaxPoolV2 takes ksize and strides as (constant) inputs instead of attributes
        long[] ksize = c.inputCount() > 1 ? c.constInput(1, "ksize").toLongArray()
                : n.intsAttr("ksize").orElseThrow(() -> c.error("has no ksize"));
        long[] strides = c.inputCount() > 2 ? c.constInput(2, "strides").toLongArray()
                : n.intsAttr("strides").orElseThrow(() -> c.error("has no strides"));
        Builder.OpBuilder op = b.op(milOp).input("x", toChannelsFirst(b, x, first))
                .input("kernel_sizes", TensorValue.vector(Emit.spatial(c, ksize, first, "ksize")))
                .input("strides", TensorValue.vector(Emit.spatial(c, strides, first, "strides")))
                .input("pad_type", TensorValue.scalar(padType(n, c)));
        if (milOp.equals("avg_pool")) {
            op.input("exclude_padding_from_average", TensorValue.scalar(true));
        }
        return one(fromChannelsFirst(b, op.output(), first));
    }
}
