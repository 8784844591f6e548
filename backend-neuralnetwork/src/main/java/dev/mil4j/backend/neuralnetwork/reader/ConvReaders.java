package dev.mil4j.backend.neuralnetwork.reader;

import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.ints;
import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.rank;
import static dev.mil4j.backend.neuralnetwork.reader.ReadContext.weight;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.proto.BorderAmounts;
import dev.mil4j.spec.proto.Convolution3DLayerParams;
import dev.mil4j.spec.proto.ConvolutionLayerParams;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.NeuralNetworkLayer.LayerCase;
import dev.mil4j.spec.proto.Pooling3DLayerParams;
import dev.mil4j.spec.proto.PoolingLayerParams;
import dev.mil4j.spec.proto.SamePadding;
import java.util.List;
import java.util.Map;

/**
 * 2-d {@code convolution} (and deconvolution), {@code convolution3D}, {@code pooling} (global, valid with padding
 * amounts, same, and the ceil-mode {@code includeLastPixel}) on inputs {@code [..., C, H, W]}, and {@code pooling3d}
 * (max and average; custom, valid or same padding) on {@code [N, C, D, H, W]}.
 */
final class ConvReaders {
    private ConvReaders() {
    }

    static Map<LayerCase, LayerReader> readers() {
        return Map.of(LayerCase.CONVOLUTION, ConvReaders::convolution, LayerCase.POOLING, ConvReaders::pooling,
                LayerCase.CONVOLUTION3D, ConvReaders::convolution3d, LayerCase.POOLING3D, ConvReaders::pooling3d);
    }

    // weights [C_out, C_in / groups, kH, kW]; a deconvolution's [C_in, C_out / groups, kH, kW], as in MIL (its
    // linear quantization channels are the second axis)
    private static void convolution(NeuralNetworkLayer l, ReadContext cx) {
        ConvolutionLayerParams p = l.getConvolution();
        if (cx.inputCount() > 1) {
            throw new ReaderException("takes its weights as a second input, which the reader does not support",
                    "give the weights as constants of the layer");
        }
        Var x = cx.in(0);
        if (rank(x) != 4) {
            throw new ReaderException("has a rank-" + rank(x) + " input; the reader runs 2-d convolutions on "
                    + "[N, C, H, W] inputs");
        }
        long groups = Math.max(1, p.getNGroups());
        long[] kernel = twoDims(p.getKernelSizeList(), 3);
        boolean deconv = p.getIsDeconvolution();
        long[] shape = deconv
                ? new long[] {p.getKernelChannels(), p.getOutputChannels() / groups, kernel[0], kernel[1]}
                : new long[] {p.getOutputChannels(), p.getKernelChannels(), kernel[0], kernel[1]};
        Builder.OpBuilder op = cx.op(deconv ? "conv_transpose" : "conv").input("x", x)
                .input("weight", ReadContext.weightAlong(p.getWeights(), "weights",
                        deconv ? (int) (kernel[0] * kernel[1]) : 0, shape))
                .input("strides", ints(twoDims(p.getStrideList(), 1)))
                .input("dilations", ints(twoDims(p.getDilationFactorList(), 1)))
                .input("groups", TensorValue.scalar((int) groups));
        if (p.getHasBias()) {
            op.input("bias", weight(p.getBias(), "bias", p.getOutputChannels()));
        }
        padding(op, p.hasSame() ? p.getSame() : null, p.getValid().getPaddingAmounts());
        if (deconv && p.getOutputShapeCount() == 2) {
            long[] xs = ReadContext.staticShape(x, "a deconvolution with an output shape");
            op.input("output_shape", ints(xs[0], p.getOutputChannels(), p.getOutputShape(0), p.getOutputShape(1)));
        }
        cx.output(op.output());
    }

    // weights [C_out, C_in / groups, kD, kH, kW] on [N, C, D, H, W]
    private static void convolution3d(NeuralNetworkLayer l, ReadContext cx) {
        Convolution3DLayerParams p = l.getConvolution3D();
        if (p.getIsDeconvolution()) {
            throw new ReaderException("is a 3-d deconvolution, which the reader does not support");
        }
        long groups = Math.max(1, p.getNGroups());
        Builder.OpBuilder op = cx.op("conv").input("x", cx.in(0))
                .input("weight", weight(p.getWeights(), "weights", p.getOutputChannels(),
                        p.getInputChannels() / groups, p.getKernelDepth(), p.getKernelHeight(), p.getKernelWidth()))
                .input("strides", ints(p.getStrideDepth(), p.getStrideHeight(), p.getStrideWidth()))
                .input("dilations", ints(p.getDilationDepth(), p.getDilationHeight(), p.getDilationWidth()))
                .input("groups", TensorValue.scalar((int) groups));
        if (p.getHasBias()) {
            op.input("bias", weight(p.getBias(), "bias", p.getOutputChannels()));
        }
        padding3d(op, p.getPaddingType().name(), p.getCustomPaddingFront(), p.getCustomPaddingBack(),
                p.getCustomPaddingTop(), p.getCustomPaddingBottom(), p.getCustomPaddingLeft(),
                p.getCustomPaddingRight());
        cx.output(op.output());
    }

    private static void pooling3d(NeuralNetworkLayer l, ReadContext cx) {
        Pooling3DLayerParams p = l.getPooling3D();
        boolean max = switch (p.getType()) {
            case MAX -> true;
            case AVERAGE -> false;
            case UNRECOGNIZED -> throw new ReaderException("has an unknown pooling type");
        };
        Builder.OpBuilder op = cx.op(max ? "max_pool" : "avg_pool").input("x", cx.in(0))
                .input("kernel_sizes", ints(p.getKernelDepth(), p.getKernelHeight(), p.getKernelWidth()))
                .input("strides", ints(p.getStrideDepth(), p.getStrideHeight(), p.getStrideWidth()));
        if (!max) {
            op.input("exclude_padding_from_average", TensorValue.scalar(p.getCountExcludePadding()));
        }
        padding3d(op, p.getPaddingType().name(), p.getCustomPaddingFront(), p.getCustomPaddingBack(),
                p.getCustomPaddingTop(), p.getCustomPaddingBottom(), p.getCustomPaddingLeft(),
                p.getCustomPaddingRight());
        cx.output(op.output());
    }

    /** A 3-d layer's padding type (SAME, VALID or CUSTOM, by name: the two layers' enums differ) and amounts. */
    private static void padding3d(Builder.OpBuilder op, String type, long... pads) {
        switch (type) {
            case "SAME" -> op.input("pad_type", TensorValue.scalar("same"));
            case "VALID" -> op.input("pad_type", TensorValue.scalar("valid"));
            case "CUSTOM" -> op.input("pad_type", TensorValue.scalar("custom")).input("pad", ints(pads));
            default -> throw new ReaderException("has an unknown padding type");
        }
    }

    private static void padding(Builder.OpBuilder op, SamePadding same, BorderAmounts borders) {
        if (same != null) {
            op.input("pad_type", TensorValue.scalar(same.getAsymmetryMode() == SamePadding.SamePaddingMode
                    .TOP_LEFT_HEAVY ? "same_lower" : "same"));
            return;
        }
        long[] pad = new long[4];
        for (int i = 0; i < Math.min(2, borders.getBorderAmountsCount()); i++) {
            pad[2 * i] = borders.getBorderAmounts(i).getStartEdgeSize();
            pad[2 * i + 1] = borders.getBorderAmounts(i).getEndEdgeSize();
        }
        op.input("pad_type", TensorValue.scalar("custom")).input("pad", ints(pad));
    }

    private static long[] twoDims(List<Long> given, long fallback) {
        if (given.isEmpty()) {
            return new long[] {fallback, fallback};
        }
        if (given.size() != 2) {
            throw new ReaderException("gives " + given.size() + " spatial sizes; a 2-d layer has 2");
        }
        return new long[] {given.get(0), given.get(1)};
    }

    private static void pooling(NeuralNetworkLayer l, ReadContext cx) {
        PoolingLayerParams p = l.getPooling();
        Var x = cx.in(0);
        if (p.getGlobalPooling()) {
            String reduce = switch (p.getType()) {
                case MAX -> "reduce_max";
                case AVERAGE -> "reduce_mean";
                case L2 -> "reduce_l2_norm";
                case UNRECOGNIZED -> throw new ReaderException("has an unknown pooling type");
            };
            cx.output(cx.op(reduce).input("x", x).input("axes", ints(-2, -1))
                    .input("keep_dims", TensorValue.scalar(true)).output());
            return;
        }
        String type = switch (p.getType()) {
            case MAX -> "max_pool";
            case AVERAGE -> "avg_pool";
            case L2 -> "l2_pool";
            case UNRECOGNIZED -> throw new ReaderException("has an unknown pooling type");
        };
        Builder.OpBuilder op = cx.op(type).input("x", x).input("kernel_sizes", ints(twoDims(p.getKernelSizeList(), 1)))
                .input("strides", ints(twoDims(p.getStrideList(), 1)));
        if (p.getType() == PoolingLayerParams.PoolingType.AVERAGE) {
            op.input("exclude_padding_from_average", TensorValue.scalar(p.getAvgPoolExcludePadding()));
        }
        if (p.hasIncludeLastPixel()) {
            List<Long> a = p.getIncludeLastPixel().getPaddingAmountsList();
            long h = a.isEmpty() ? 0 : a.get(0);
            long w = a.size() < 2 ? 0 : a.get(1);
            op.input("pad_type", TensorValue.scalar("custom")).input("pad", ints(h, h, w, w))
                    .input("ceil_mode", TensorValue.scalar(true));
        } else {
            padding(op, p.hasSame() ? p.getSame() : null, p.getValid().getPaddingAmounts());
        }
        cx.output(op.output());
    }
}
