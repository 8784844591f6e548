package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.frontend.onnx.OnnxTranslations;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.ReductionOps;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Convolution and pooling: {@code Conv}, {@code ConvTranspose}, {@code MaxPool}, {@code AveragePool}, global pools. */
final class ConvTranslations {
    private ConvTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                OnnxTranslations.of("AveragePool", 7, (n, c) -> pool(n, c, true)),
                OnnxTranslations.of("Conv", 1, ConvTranslations::conv),
                OnnxTranslations.of("ConvTranspose", 1, ConvTranslations::convTranspose),
                OnnxTranslations.of("GlobalAveragePool", 1, (n, c) -> globalPool(c, true)),
                OnnxTranslations.of("GlobalMaxPool", 1, (n, c) -> globalPool(c, false)),
                OnnxTranslations.of("MaxPool", 8, (n, c) -> pool(n, c, false)));
    }

    private static int spatial(OnnxTranslationContext c, Var x) {
        int s = x.tensorType().rank() - 2;
        if (s < 1) {
            throw c.error("needs an input of rank 3 or more (N, C, spatial...), got " + x.tensorType());
        }
        return s;
    }

    private static int[] ints(OnnxTranslationContext c, OnnxNode n, String attr, int count, int fill) {
        int[] v = n.intsAttribute(attr).map(c::ints).orElseGet(() -> {
            int[] f = new int[count];
            Arrays.fill(f, fill);
            return f;
        });
        return v;
    }

    /** ONNX pads {@code [b1, b2, ..., e1, e2, ...]} as MIL's {@code [b1, e1, b2, e2, ...]}; none unless custom. */
    private static int[] milPad(OnnxTranslationContext c, OnnxNode n, String padType, int spatial) {
        if (!padType.equals("custom")) {
            return new int[0];
        }
        int[] p = ints(c, n, "pads", 2 * spatial, 0);
        if (p.length != 2 * spatial) {
            throw c.error("has " + p.length + " pads for " + spatial + " spatial dims; expected " + 2 * spatial);
        }
        int[] out = new int[2 * spatial];
        for (int i = 0; i < spatial; i++) {
            out[2 * i] = p[i];
            out[2 * i + 1] = p[spatial + i];
        }
        return out;
    }

    /**
     * SAME_LOWER as explicit pads (MIL's {@code same_lower} arrives with iOS16) when the spatial dims are known: the
     * output is {@code ceil(in / stride)}, the padding that needs is split with the odd element at the start.
     */
    private static Optional<int[]> sameLower(Var x, int[] kernel, int[] strides, int[] dilations) {
        var shape = x.tensorType().shape();
        int s = kernel.length;
        int[] pad = new int[2 * s];
        for (int i = 0; i < s; i++) {
            var d = shape.dim(i + 2);
            if (!d.isKnown()) {
                return Optional.empty();
            }
            long in = d.size();
            long out = (in + strides[i] - 1) / strides[i];
            long total = Math.max((out - 1) * strides[i] + (long) (kernel[i] - 1) * dilations[i] + 1 - in, 0);
            pad[2 * i] = (int) ((total + 1) / 2);
            pad[2 * i + 1] = (int) (total / 2);
        }
        return Optional.of(pad);
    }

    /** MIL's pad_type for ONNX's auto_pad. */
    private static String padType(OnnxTranslationContext c, OnnxNode n) {
        String auto = n.stringAttribute("auto_pad", "NOTSET");
        return switch (auto) {
            case "NOTSET" -> "custom";
            case "VALID" -> "valid";
            case "SAME_UPPER" -> "same";
            case "SAME_LOWER" -> "same_lower";
            default -> throw c.error("has auto_pad `" + auto + "`; expected NOTSET, VALID, SAME_UPPER or SAME_LOWER");
        };
    }

    private static List<Var> conv(OnnxNode n, OnnxTranslationContext c) {
        return List.of(conv(n, c, c.input(0), c.input(1), c.optionalInput(2)));
    }

    /** A {@code conv} of {@code x} and {@code weight} with the node's {@code Conv} attributes (also ConvInteger's). */
    static Var conv(OnnxNode n, OnnxTranslationContext c, Var x, Var weight, Optional<Var> bias) {
        int s = spatial(c, x);
        String padType = padType(c, n);
        int[] strides = ints(c, n, "strides", s, 1);
        int[] dilations = ints(c, n, "dilations", s, 1);
        int[] pad = milPad(c, n, padType, s);
        long[] w = weight.tensorType().shape().isStatic() ? weight.tensorType().shape().toLongArray() : null;
        if (padType.equals("same_lower") && w != null) {
            int[] kernel = new int[s];
            for (int i = 0; i < s; i++) {
                kernel[i] = (int) w[i + 2];
            }
            Optional<int[]> explicit = sameLower(x, kernel, strides, dilations);
            if (explicit.isPresent()) {
                padType = "custom";
                pad = explicit.get();
            }
        }
        return NnOps.conv(c.builder(), x, weight, bias, strides, padType, dilations, (int) n.intAttribute("group", 1),
                pad);
    }

    private static List<Var> convTranspose(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        int s = spatial(c, x);
        int[] outputPadding = ints(c, n, "output_padding", s, 0);
        boolean padsOutput = Arrays.stream(outputPadding).anyMatch(v -> v != 0) && !n.hasAttribute("output_shape");
        if (c.constInput(1).isEmpty() || padsOutput) {
            return List.of(ConvTransposeByConv.translate(n, c, s, ints(c, n, "strides", s, 1),
                    ints(c, n, "dilations", s, 1), outputPadding));
        }
        // the parameters in the order ONNX's two forms need (output_shape, or pad_type and pad), so by hand
        Builder.OpBuilder op = c.builder().op("conv_transpose").input("x", x).input("weight", c.input(1))
                .input("bias", c.optionalInput(2))
                .input("strides", TensorValue.vector(ints(c, n, "strides", s, 1)))
                .input("dilations", TensorValue.vector(ints(c, n, "dilations", s, 1)))
                .input("groups", TensorValue.scalar((int) n.intAttribute("group", 1)));
        if (n.hasAttribute("output_shape")) {
            int[] spatialOut = c.ints(n.intsAttribute("output_shape").orElseThrow());
            long[] in = c.staticShape(x, "ConvTranspose with output_shape");
            long[] w = c.staticShape(c.input(1), "ConvTranspose with output_shape");
            int[] full = new int[s + 2];
            full[0] = (int) in[0];
            full[1] = (int) (w[1] * n.intAttribute("group", 1));
            System.arraycopy(spatialOut, spatialOut.length - s, full, 2, s);
            return List.of(op.input("output_shape", TensorValue.vector(full)).output());
        }
        String padType = padType(c, n);
        op.input("pad_type", TensorValue.scalar(padType));
        if (padType.equals("custom")) {
            op.input("pad", TensorValue.vector(milPad(c, n, padType, s)));
        }
        return List.of(op.output());
    }

    private static List<Var> pool(OnnxNode n, OnnxTranslationContext c, boolean average) {
        Var x = c.input(0);
        int s = spatial(c, x);
        int[] kernel = n.intsAttribute("kernel_shape").map(c::ints).orElseThrow(() -> c.error("has no kernel_shape"));
        if (Arrays.stream(ints(c, n, "dilations", s, 1)).anyMatch(d -> d != 1)) {
            throw c.error("has dilations, which MIL's pooling ops do not support");
        }
        String padType = padType(c, n);
        int[] strides = ints(c, n, "strides", s, 1);
        boolean ceil = n.intAttribute("ceil_mode", 0) != 0;
        int[] pad = milPad(c, n, padType, s);
        if (padType.equals("same_lower")) {
            int[] ones = new int[s];
            Arrays.fill(ones, 1);
            Optional<int[]> explicit = sameLower(x, kernel, strides, ones);
            if (explicit.isPresent()) {
                padType = "custom";
                pad = explicit.get();
            }
        }
        return List.of(average ? NnOps.avgPool(c.builder(), x, kernel, strides, padType, pad, ceil,
                n.intAttribute("count_include_pad", 0) == 0)
                : NnOps.maxPool(c.builder(), x, kernel, strides, padType, pad, ceil));
    }

    private static List<Var> globalPool(OnnxTranslationContext c, boolean average) {
        Var x = c.input(0);
        int s = spatial(c, x);
        int[] axes = new int[s];
        for (int i = 0; i < s; i++) {
            axes[i] = i + 2;
        }
        return List.of(average ? ReductionOps.reduceMean(c.builder(), x, axes, true)
                : ReductionOps.reduceMax(c.builder(), x, axes, true));
    }
}
