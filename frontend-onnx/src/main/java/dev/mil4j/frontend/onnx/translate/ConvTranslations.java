package dev.mil4j.frontend.onnx.translate;

import static dev.mil4j.frontend.onnx.translate.Emit.one;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import java.util.Arrays;
import java.util.List;

/** Convolution and pooling: {@code Conv}, {@code ConvTranspose}, {@code MaxPool}, {@code AveragePool}, global pools. */
final class ConvTranslations {
    private ConvTranslations() {
    }

    static List<Builtin> all() {
        return List.of(
                Builtin.of("AveragePool", 7, (n, c) -> pool(n, c, "avg_pool")),
                Builtin.of("Conv", 1, ConvTranslations::conv),
                Builtin.of("ConvTranspose", 1, ConvTranslations::convTranspose),
                Builtin.of("GlobalAveragePool", 1, (n, c) -> globalPool(c, "reduce_mean")),
                Builtin.of("GlobalMaxPool", 1, (n, c) -> globalPool(c, "reduce_max")),
                Builtin.of("MaxPool", 8, (n, c) -> pool(n, c, "max_pool")));
    }

    private static int spatial(OnnxTranslationContext c, Var x) {
        int s = Emit.rank(x) - 2;
        if (s < 1) {
            throw c.error("needs an input of rank 3 or more (N, C, spatial...), got " + x.tensorType());
        }
        return s;
    }

    private static int[] ints(OnnxNode n, String attr, int count, int fill) {
        int[] v = n.intsAttribute(attr).map(Emit::ints).orElseGet(() -> {
            int[] f = new int[count];
            Arrays.fill(f, fill);
            return f;
        });
        return v;
    }

    /** ONNX pads {@code [b1, b2, ..., e1, e2, ...]} as MIL's {@code [b1, e1, b2, e2, ...]}. */
    private static int[] milPad(OnnxTranslationContext c, OnnxNode n, int spatial) {
        int[] p = ints(n, "pads", 2 * spatial, 0);
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
        Var x = c.input(0);
        int s = spatial(c, x);
        String padType = padType(c, n);
        Builder.OpBuilder op = c.builder().op("conv").input("x", x).input("weight", c.input(1))
                .input("bias", c.optionalInput(2))
                .input("strides", TensorValue.vector(ints(n, "strides", s, 1)))
                .input("pad_type", TensorValue.scalar(padType))
                .input("dilations", TensorValue.vector(ints(n, "dilations", s, 1)))
                .input("groups", TensorValue.scalar((int) n.intAttribute("group", 1)));
        if (padType.equals("custom")) {
            op.input("pad", TensorValue.vector(milPad(c, n, s)));
        }
        return one(op.output());
    }

    private static List<Var> convTranspose(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        int s = spatial(c, x);
        int[] outputPadding = ints(n, "output_padding", s, 0);
        Builder.OpBuilder op = c.builder().op("conv_transpose").input("x", x).input("weight", c.input(1))
                .input("bias", c.optionalInput(2))
                .input("strides", TensorValue.vector(ints(n, "strides", s, 1)))
                .input("dilations", TensorValue.vector(ints(n, "dilations", s, 1)))
                .input("groups", TensorValue.scalar((int) n.intAttribute("group", 1)));
        if (n.hasAttribute("output_shape")) {
            int[] spatialOut = Emit.ints(n.intsAttribute("output_shape").orElseThrow());
            long[] in = Emit.staticShape(c, x, "ConvTranspose with output_shape");
            long[] w = Emit.staticShape(c, c.input(1), "ConvTranspose with output_shape");
            int[] full = new int[s + 2];
            full[0] = (int) in[0];
            full[1] = (int) (w[1] * n.intAttribute("group", 1));
            System.arraycopy(spatialOut, spatialOut.length - s, full, 2, s);
            return one(op.input("output_shape", TensorValue.vector(full)).output());
        }
        if (Arrays.stream(outputPadding).anyMatch(v -> v != 0)) {
            throw c.error("has output_padding " + Arrays.toString(outputPadding) + ", which MIL's conv_transpose "
                    + "cannot express", "export with output_shape instead, or without output padding");
        }
        String padType = padType(c, n);
        op.input("pad_type", TensorValue.scalar(padType));
        if (padType.equals("custom")) {
            op.input("pad", TensorValue.vector(milPad(c, n, s)));
        }
        return one(op.output());
    }

    private static List<Var> pool(OnnxNode n, OnnxTranslationContext c, String mil) {
        Var x = c.input(0);
        int s = spatial(c, x);
        int[] kernel = n.intsAttribute("kernel_shape").map(Emit::ints)
                .orElseThrow(() -> c.error("has no kernel_shape"));
        if (Arrays.stream(ints(n, "dilations", s, 1)).anyMatch(d -> d != 1)) {
            throw c.error("has dilations, which MIL's pooling ops do not support");
        }
        String padType = padType(c, n);
        Builder.OpBuilder op = c.builder().op(mil).input("x", x).input("kernel_sizes", TensorValue.vector(kernel))
                .input("strides", TensorValue.vector(ints(n, "strides", s, 1)))
                .input("pad_type", TensorValue.scalar(padType))
                .input("ceil_mode", TensorValue.scalar(n.intAttribute("ceil_mode", 0) != 0));
        if (padType.equals("custom")) {
            op.input("pad", TensorValue.vector(milPad(c, n, s)));
        }
        if (mil.equals("avg_pool")) {
            op.input("exclude_padding_from_average", TensorValue.scalar(n.intAttribute("count_include_pad", 0) == 0));
        }
        return one(op.output());
    }

    private static List<Var> globalPool(OnnxTranslationContext c, String reduce) {
        Var x = c.input(0);
        int s = spatial(c, x);
        int[] axes = new int[s];
        for (int i = 0; i < s; i++) {
            axes[i] = i + 2;
        }
        return one(c.builder().op(reduce).input("x", x).input("axes", TensorValue.vector(axes))
                .input("keep_dims", TensorValue.scalar(true)).output());
    }
}
