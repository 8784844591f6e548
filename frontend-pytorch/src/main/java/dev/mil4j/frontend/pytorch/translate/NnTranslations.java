package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.Entry.of;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.TorchTranslation;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ReductionOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Linear layers and matrix products, convolutions, normalizations and pooling. */
final class NnTranslations {
    private NnTranslations() {
    }

    static List<TorchTranslations.Entry> entries() {
        return List.of(
                of("aten::_convolution", (n, c) -> conv(c, (int) c.intValue(8, "groups"),
                        c.boolValue(6, "transposed", false))),
                of("aten::adaptive_avg_pool2d", adaptivePool(false)),
                of("aten::adaptive_max_pool2d", adaptivePool(true)),
                of("aten::addmm", (n, c) -> List.of(scaledSum(c, NnOps.matmul(c.builder(), c.tensor(1, "mat1"),
                        c.tensor(2, "mat2"), false, false)))),
                of("aten::avg_pool2d", NnTranslations::avgPool, "aten::avg_pool1d"),
                of("aten::batch_norm", (n, c) -> List.of(NnOps.batchNorm(c.builder(), c.tensor(0, "input"),
                        c.tensor(3, "running_mean"), c.tensor(4, "running_var"), c.optionalTensor(1, "weight"),
                        c.optionalTensor(2, "bias"), c.doubleValue(7, "eps", 1e-5)))),
                of("aten::baddbmm", (n, c) -> List.of(scaledSum(c, NnOps.matmul(c.builder(),
                        c.tensor(1, "batch1"), c.tensor(2, "batch2"), false, false)))),
                of("aten::bmm", (n, c) -> List.of(NnOps.matmul(c.builder(), c.tensor(0, "self"),
                        c.tensor(1, "mat2"), false, false))),
                of("aten::conv2d", (n, c) -> conv(c, (int) c.intValue(6, "groups", 1), false),
                        "aten::conv1d", "aten::conv3d"),
                of("aten::einsum", (n, c) -> {
                    List<Var> operands = c.tensorList(1, "tensors");
                    if (operands.size() != 2) {
                        throw c.error("einsum of " + operands.size() + " operands is not supported; MIL einsum takes 2");
                    }
                    return List.of(NnOps.einsum(c.builder(), c.stringValue(0, "equation").orElseThrow(),
                            operands.get(0), operands.get(1)));
                }),
                of("aten::group_norm", NnTranslations::groupNorm),
                of("aten::instance_norm", (n, c) -> List.of(NnOps.instanceNorm(c.builder(), c.tensor(0, "input"),
                        c.optionalTensor(1, "weight"), c.optionalTensor(2, "bias"), c.doubleValue(7, "eps", 1e-5)))),
                of("aten::layer_norm", NnTranslations::layerNorm),
                of("aten::linear", NnTranslations::linear),
                of("aten::matmul", (n, c) -> List.of(NnOps.matmul(c.builder(), c.tensor(0, "self"),
                        c.tensor(1, "other"), false, false)), "aten::mm"),
                of("aten::max_pool2d", NnTranslations::maxPool, "aten::max_pool1d"));
    }

    private static List<Var> linear(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "input");
        Var w = c.tensor(1, "weight");
        Optional<Var> bias = c.optionalTensor(2, "bias");
        if (w.isConst() && bias.map(Var::isConst).orElse(true)) {
            return List.of(NnOps.linear(c.builder(), x, w, bias));
        }
        Var y = NnOps.matmul(c.builder(), x, w, false, true);
        return List.of(bias.isPresent() ? MathOps.add(c.builder(), y, bias.get()) : y);
    }

    /**
     * {@code addmm(bias, x, w, beta, alpha)} and {@code baddbmm(bias, b1, b2, beta, alpha)}:
     * {@code beta * bias + alpha * product}, the product already made from inputs 1 and 2.
     */
    private static Var scaledSum(TorchTranslationContext c, Var product) {
        Var bias = c.tensor(0, "self");
        double beta = c.doubleValue(3, "beta", 1);
        double alpha = c.doubleValue(4, "alpha", 1);
        Var p = product;
        if (alpha != 1) {
            p = MathOps.mul(c.builder(), p, c.scalar(alpha, p.tensorType().dtype()));
        }
        if (beta == 0) {
            return p; // PyTorch ignores the bias then, even NaN or infinite values in it
        }
        if (beta != 1) {
            bias = MathOps.mul(c.builder(), bias, c.scalar(beta, bias.tensorType().dtype()));
        }
        return MathOps.add(c.builder(), p, bias);
    }

    /**
     * {@code group_norm(x, groups, weight, bias, eps)}: x {@code [N, C, *]} viewed as {@code [N, groups, -1]} is
     * normalized over its last axis, given back its shape, then scaled and shifted per channel.
     */
    private static List<Var> groupNorm(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "input");
        int groups = (int) c.intValue(1, "num_groups");
        int rank = x.tensorType().rank();
        if (rank < 2) {
            throw c.error("group_norm needs an input of rank 2 or more, got " + x.tensorType());
        }
        Dim channels = x.tensorType().shape().dim(1);
        if (channels.isKnown() && channels.size() % groups != 0) {
            throw c.error("group_norm of " + channels.size() + " channels into " + groups + " groups: the channels "
                    + "must divide evenly");
        }
        List<Var> grouped = new ArrayList<>(Shapes.dims(c, x, 0, 1));
        grouped.add(c.builder().constant(TensorValue.scalar(groups)));
        grouped.add(c.builder().constant(TensorValue.scalar(-1)));
        Var g = TensorOps.reshape(c.builder(), x, Shapes.vector(c, grouped));
        Var normed = NnOps.layerNorm(c.builder(), g, new int[] {2}, Optional.empty(), Optional.empty(),
                c.doubleValue(4, "eps", 1e-5));
        Var y = TensorOps.reshape(c.builder(), normed,
                Shapes.vector(c, Shapes.dims(c, x, 0, rank)));
        int[] perChannel = new int[rank - 1];
        Arrays.fill(perChannel, 1);
        perChannel[0] = -1;
        Optional<Var> weight = c.optionalTensor(2, "weight");
        if (weight.isPresent()) {
            y = MathOps.mul(c.builder(), y, TensorOps.reshape(c.builder(), weight.get(), perChannel));
        }
        Optional<Var> bias = c.optionalTensor(3, "bias");
        if (bias.isPresent()) {
            y = MathOps.add(c.builder(), y, TensorOps.reshape(c.builder(), bias.get(), perChannel));
        }
        return List.of(y);
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

    private static int[] perDim(TorchTranslationContext c, int position, String keyword, int spatial, int dflt) {
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

    /** {@code layer_norm(x, normalized_shape, weight, bias, eps)} normalizes the last dims. */
    private static List<Var> layerNorm(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "input");
        int dims = c.intArray(1, "normalized_shape").length;
        int rank = x.tensorType().rank();
        int[] axes = new int[dims];
        for (int i = 0; i < dims; i++) {
            axes[i] = rank - dims + i;
        }
        return List.of(NnOps.layerNorm(c.builder(), x, axes, c.optionalTensor(2, "weight"),
                c.optionalTensor(3, "bias"), c.doubleValue(4, "eps", 1e-5)));
    }

    /** {@code max_pool2d(x, kernel, stride=kernel, padding=0, dilation=1, ceil_mode=False)}. */
    private static List<Var> maxPool(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        int spatial = n.kind().endsWith("1d") ? 1 : 2;
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

    /** {@code avg_pool2d(x, kernel, stride, padding, ceil_mode, count_include_pad=True, divisor_override)}. */
    private static List<Var> avgPool(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        int spatial = n.kind().endsWith("1d") ? 1 : 2;
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

    private static int[] twice(int[] pads) {
        int[] pad = new int[2 * pads.length];
        for (int i = 0; i < pads.length; i++) {
            pad[2 * i] = pads[i];
            pad[2 * i + 1] = pads[i];
        }
        return pad;
    }

    /** Adaptive pooling where each output cell covers an equal window: a plain pool, or a reduction to 1x1. */
    private static TorchTranslation adaptivePool(boolean max) {
        return (n, c) -> {
            Var x = c.tensor(0, "self");
            int[] out = perDim(c, 1, "output_size", 2, 1);
            Shape s = x.tensorType().shape();
            int rank = s.rank();
            if (out[0] == 1 && out[1] == 1) {
                int[] axes = {rank - 2, rank - 1};
                return List.of(max ? ReductionOps.reduceMax(c.builder(), x, axes, true)
                        : ReductionOps.reduceMean(c.builder(), x, axes, true));
            }
            int[] kernel = new int[2];
            for (int i = 0; i < 2; i++) {
                Dim d = s.dim(rank - 2 + i);
                if (!d.isKnown() || d.size() % out[i] != 0) {
                    throw c.error("adaptive pooling of " + s + " to " + Arrays.toString(out) + " needs known input "
                            + "sizes that the output sizes divide");
                }
                kernel[i] = (int) (d.size() / out[i]);
            }
            if (max) {
                return List.of(NnOps.maxPool(c.builder(), x, kernel, kernel, "valid"));
            }
            return List.of(NnOps.avgPool(c.builder(), x, kernel, kernel, new int[4], false, false));
        };
    }
}
