package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.of;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslation;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.ReductionOps;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Convolutions ({@code _convolution}, {@code convNd}) and pooling: max, average and adaptive.
 */
final class ConvTranslations {
    private ConvTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                of("aten::_convolution", (n, c) -> conv(c, (int) c.intValue(8, "groups"),
                        c.boolValue(6, "transposed", false))),
                of("aten::adaptive_avg_pool1d", AdaptivePools.pool(1, false)),
                of("aten::adaptive_avg_pool2d", AdaptivePools.pool(2, false)),
                of("aten::adaptive_avg_pool3d", AdaptivePools.pool(3, false)),
                of("aten::adaptive_max_pool1d", AdaptivePools.pool(1, true)),
                of("aten::adaptive_max_pool2d", AdaptivePools.pool(2, true)),
                of("aten::adaptive_max_pool3d", AdaptivePools.pool(3, true)),
                of("aten::avg_pool2d", ConvTranslations::avgPool, "aten::avg_pool1d", "aten::avg_pool3d"),
                of("aten::conv2d", (n, c) -> conv(c, (int) c.intValue(6, "groups", 1), false),
                        "aten::conv1d", "aten::conv3d"),
                of("aten::max_pool2d", ConvTranslations::maxPool, "aten::max_pool1d", "aten::max_pool3d"));
    }

    /** {@code _convolution} and {@code convNd}: stride, padding and dilation repeat a single value per dim. */
    private static List<Var> conv(TorchTranslationContext c, int groups, boolean transposed) {
        Var x = c.tensor(0, "input");
        Var w = c.tensor(1, "weight");
        Optional<Var> bias = c.optionalTensor(2, "bias");
        int spatial = w.tensorType().rank() - 2;
        int[] strides = perDim(c, 3, "stride", spatial, 1);
        int[] dilations = perDim(c, 5, "dilation", spatial, 1);
        if (c.stringValue(4, "padding").isPresent()) {
            String mode = c.stringValue(4, "padding").get();
            return List.of(NnOps.conv(c.builder(), x, w, bias, strides, mode, dilations, groups));
        }
        int[] pads = perDim(c, 4, "padding", spatial, 0);
        int[] pad = new int[2 * spatial];
        for (int i = 0; i < spatial; i++) {
            pad[2 * i] = pads[i];
            pad[2 * i + 1] = pads[i];
        }
        if (transposed) {
            int[] outPad = perDim(c, 7, "output_padding", spatial, 0);
            if (Arrays.stream(outPad).anyMatch(p -> p != 0)) {
                throw c.error("transposed convolution with output_padding " + Arrays.toString(outPad)
                        + " is not supported yet");
            }
            return List.of(NnOps.convTranspose(c.builder(), x, w, bias, strides, pad, dilations, groups));
        }
        return List.of(NnOps.conv(c.builder(), x, w, bias, strides, pad, dilations, groups));
    }

    static int[] perDim(TorchTranslationContext c, int position, String keyword, int spatial, int dflt) {
        if (!c.isPresent(position, keyword)) {
            int[] out = new int[spatial];
            Arrays.fill(out, dflt);
            return out;
        }
        int[] given = c.intArray(position, keyword);
        if (given.length == 0) {
            int[] out = new int[spatial];
            Arrays.fill(out, dflt);
            return out;
        }
        if (given.length == 1 && spatial > 1) {
            int[] out = new int[spatial];
            Arrays.fill(out, given[0]);
            return out;
        }
        if (given.length != spatial) {
            throw c.error("`" + c.node().kind() + "` " + keyword + " " + Arrays.toString(given) + " has "
                    + given.length + " entries for " + spatial + " spatial dims");
        }
        return given;
    }

    /** {@code max_poolNd(x, kernel, stride=kernel, padding=0, dilation=1, ceil_mode=False)}, N = 1, 2, 3. */
    private static List<Var> maxPool(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        int spatial = spatialDims(n);
        int[] kernel = perDim(c, 1, "kernel_size", spatial, 1);
        int[] strides = c.isPresent(2, "stride") && c.intArray(2, "stride").length > 0
                ? perDim(c, 2, "stride", spatial, 1) : kernel;
        int[] pads = perDim(c, 3, "padding", spatial, 0);
        int[] dilation = perDim(c, 4, "dilation", spatial, 1);
        if (Arrays.stream(dilation).anyMatch(d -> d != 1)) {
            throw c.error("max pooling with dilation " + Arrays.toString(dilation) + " is not supported");
        }
        boolean ceil = c.boolValue(5, "ceil_mode", false);
        return List.of(c.builder().op("max_pool").input("x", x)
                .input("kernel_sizes", TensorValue.vector(kernel))
                .input("strides", TensorValue.vector(strides))
                .input("pad_type", TensorValue.scalar("custom"))
                .input("pad", TensorValue.vector(twice(pads)))
                .input("ceil_mode", TensorValue.scalar(ceil)).output());
    }

    /** {@code avg_poolNd(x, kernel, stride, padding, ceil_mode, count_include_pad=True, divisor_override)}. */
    private static List<Var> avgPool(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        int spatial = spatialDims(n);
        int[] kernel = perDim(c, 1, "kernel_size", spatial, 1);
        int[] strides = c.isPresent(2, "stride") && c.intArray(2, "stride").length > 0
                ? perDim(c, 2, "stride", spatial, 1) : kernel;
        int[] pads = perDim(c, 3, "padding", spatial, 0);
        boolean ceil = c.boolValue(4, "ceil_mode", false);
        boolean includePad = c.boolValue(5, "count_include_pad", true);
        if (c.isPresent(6, "divisor_override")) {
            throw c.error("avg_pool2d with divisor_override is not supported");
        }
        return List.of(NnOps.avgPool(c.builder(), x, kernel, strides, twice(pads), !includePad, ceil));
    }

    /** The spatial dims of a pooling op by its name ({@code max_pool1d}, {@code avg_pool3d}, ...). */
    private static int spatialDims(TorchNode n) {
        return n.kind().endsWith("1d") ? 1 : n.kind().endsWith("3d") ? 3 : 2;
    }

    private static int[] twice(int[] pads) {
        int[] pad = new int[2 * pads.length];
        for (int i = 0; i < pads.length; i++) {
            pad[2 * i] = pads[i];
            pad[2 * i + 1] = pads[i];
        }
        return pad;
    }
}
