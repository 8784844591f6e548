package dev.mil4j.frontend.tensorflow.translate;

import static dev.mil4j.frontend.tensorflow.translate.Layouts.fromChannelsFirst;
import static dev.mil4j.frontend.tensorflow.translate.Layouts.toChannelsFirst;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.tensorflow.TfNode;
import dev.mil4j.frontend.tensorflow.TfTranslationContext;
import dev.mil4j.frontend.tensorflow.TfTranslations;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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
                TfTranslations.of("AvgPool", (n, c) -> pool(n, c, true)),
                TfTranslations.of("Conv2D", (n, c) -> conv(n, c, false), "Conv3D"),
                TfTranslations.of("Conv2DBackpropInput", ConvTranslations::convTranspose),
                TfTranslations.of("DepthwiseConv2dNative", (n, c) -> conv(n, c, true)),
                TfTranslations.of("MaxPool", (n, c) -> pool(n, c, false), "MaxPoolV2"));
    }

    /** MIL's pad_type for TensorFlow's padding; explicit paddings are MIL's custom padding. */
    private static String padType(TfNode n, TfTranslationContext c) {
        String p = n.stringAttr("padding", "VALID");
        return switch (p) {
            case "SAME" -> "same";
            case "VALID" -> "valid";
            case "EXPLICIT" -> "custom";
            default -> throw c.error("has padding `" + p + "`; expected SAME, VALID or EXPLICIT");
        };
    }

    /** TensorFlow's explicit_paddings (a begin/end pair per input dim) as MIL's spatial pad; none unless custom. */
    private static int[] explicitPad(TfNode n, TfTranslationContext c, String padType, boolean channelsFirst,
            int spatial) {
        if (!padType.equals("custom")) {
            return new int[0];
        }
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

    private static int[] strides(TfNode n, TfTranslationContext c, boolean first) {
        return Layouts.spatial(c, n.intsAttr("strides").orElseThrow(() -> c.error("has no strides")), first,
                "strides");
    }

    private static int[] dilations(TfNode n, TfTranslationContext c, boolean first, int rank) {
        long[] ones = new long[rank];
        Arrays.fill(ones, 1);
        return Layouts.spatial(c, n.intsAttr("dilations").orElse(ones), first, "dilations");
    }

    private static List<Var> conv(TfNode n, TfTranslationContext c, boolean depthwise) {
        Builder b = c.builder();
        Var x = c.input(0);
        Var w = c.input(1);
        boolean first = Layouts.channelsFirst(n, c);
        int spatial = x.tensorType().rank() - 2;
        if (spatial < 1 || w.tensorType().rank() != spatial + 2) {
            throw c.error("needs an input of rank 3 or more and a filter of the same rank, got " + x.tensorType()
                    + " and " + w.tensorType());
        }
        long[] ws = c.staticShape(w, "the filter");
        var channels = x.tensorType().shape().dim(first ? 1 : spatial + 1);
        long inChannels = channels.isKnown() ? channels.size() : ws[spatial];
        int groups;
        if (depthwise) {
            // [kh, kw, C, M] -> [kh, kw, 1, C*M] -> [C*M, 1, kh, kw]
            int[] shape = new int[spatial + 2];
            for (int i = 0; i < spatial; i++) {
                shape[i] = (int) ws[i];
            }
            shape[spatial] = 1;
            shape[spatial + 1] = (int) (ws[spatial] * ws[spatial + 1]);
            w = TensorOps.reshape(b, w, shape);
            groups = (int) ws[spatial];
        } else {
            groups = (int) (inChannels / ws[spatial]);
        }
        w = TensorOps.transpose(b, w, filterPerm(spatial + 2));
        String padType = padType(n, c);
        Var y = NnOps.conv(b, toChannelsFirst(b, x, first), w, Optional.empty(), strides(n, c, first), padType,
                dilations(n, c, first, spatial + 2), groups, explicitPad(n, c, padType, first, spatial));
        return List.of(fromChannelsFirst(b, y, first));
    }

    /** {@code Conv2DBackpropInput(input_sizes, filter, out_backprop)} as {@code conv_transpose}. */
    private static List<Var> convTranspose(TfNode n, TfTranslationContext c) {
        Builder b = c.builder();
        boolean first = Layouts.channelsFirst(n, c);
        int[] sizes = c.constInput(0, "input_sizes").toIntArray();
        Var w = TensorOps.transpose(b, c.input(1), filterPerm(4));
        Var x = c.input(2);
        int[] outShape = first ? sizes : new int[] {sizes[0], sizes[3], sizes[1], sizes[2]};
        String padType = padType(n, c);
        // the op's parameters in TensorFlow's order (none of NnOps' conv_transpose forms binds them so)
        Builder.OpBuilder op = b.op("conv_transpose").input("x", toChannelsFirst(b, x, first)).input("weight", w)
                .input("strides", TensorValue.vector(strides(n, c, first)))
                .input("dilations", TensorValue.vector(dilations(n, c, first, 4)))
                .input("pad_type", TensorValue.scalar(padType))
                .input("output_shape", TensorValue.vector(outShape));
        if (padType.equals("custom")) {
            op.input("pad", TensorValue.vector(explicitPad(n, c, padType, first, 2)));
        }
        return List.of(fromChannelsFirst(b, op.output(), first));
    }

    private static List<Var> pool(TfNode n, TfTranslationContext c, boolean average) {
        Builder b = c.builder();
        Var x = c.input(0);
        boolean first = Layouts.channelsFirst(n, c);
        // MaxPoolV2 takes ksize and strides as (constant) inputs instead of attributes
        long[] ksize = c.inputCount() > 1 ? c.constInput(1, "ksize").toLongArray()
                : n.intsAttr("ksize").orElseThrow(() -> c.error("has no ksize"));
        long[] strides = c.inputCount() > 2 ? c.constInput(2, "strides").toLongArray()
                : n.intsAttr("strides").orElseThrow(() -> c.error("has no strides"));
        Var in = toChannelsFirst(b, x, first);
        int[] kernel = Layouts.spatial(c, ksize, first, "ksize");
        int[] steps = Layouts.spatial(c, strides, first, "strides");
        String padType = padType(n, c);
        Var y = average ? NnOps.avgPool(b, in, kernel, steps, padType, true)
                : NnOps.maxPool(b, in, kernel, steps, padType);
        return List.of(fromChannelsFirst(b, y, first));
    }
}
