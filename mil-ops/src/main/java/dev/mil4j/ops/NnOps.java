package dev.mil4j.ops;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * Typed builder helpers for the neural-network ops: one static method per common use, each a single
 * {@code b.op(...)} chain. Const parameters are given as Java values and become consts; scalar parameters of the
 * normalization ops take the dtype of {@code x}.
 *
 * <pre>{@code
 * Var y = NnOps.conv(b, x, weight, Optional.of(bias), new int[] {2, 2}, "same", new int[] {1, 1}, 1);
 * Var z = NnOps.maxPool(b, y, new int[] {2, 2}, new int[] {2, 2}, "valid");
 * }</pre>
 */
public final class NnOps {
    private NnOps() {
    }

    /** {@code linear(x, weight, bias)}: {@code x @ weight^T + bias}. */
    public static Var linear(Builder b, Var x, Var weight, Optional<Var> bias) {
        return b.op("linear").input("x", x).input("weight", weight).input("bias", bias).output();
    }

    /** {@code matmul(x, y)}, optionally transposing the last two dims of either operand first. */
    public static Var matmul(Builder b, Var x, Var y, boolean transposeX, boolean transposeY) {
        return b.op("matmul").input("x", x).input("y", y).input("transpose_x", TensorValue.scalar(transposeX))
                .input("transpose_y", TensorValue.scalar(transposeY)).output();
    }

    /** {@code einsum} of two operands, e.g. {@code "nchw,nwhu->nchu"}. */
    public static Var einsum(Builder b, String equation, Var x, Var y) {
        return b.op("einsum").inputs("values", List.of(x, y)).input("equation", TensorValue.scalar(equation))
                .output();
    }

    /** {@code conv} with {@code pad_type} valid, same or same_lower (no explicit padding). */
    public static Var conv(Builder b, Var x, Var weight, Optional<Var> bias, int[] strides, String padType,
            int[] dilations, int groups) {
        return b.op("conv").input("x", x).input("weight", weight).input("bias", bias)
                .input("strides", TensorValue.vector(strides)).input("pad_type", TensorValue.scalar(padType))
                .input("dilations", TensorValue.vector(dilations)).input("groups", TensorValue.scalar(groups))
                .output();
    }

    /** {@code conv} with custom padding: {@code pad} holds before and after amounts for each spatial dim. */
    public static Var conv(Builder b, Var x, Var weight, Optional<Var> bias, int[] strides, int[] pad,
            int[] dilations, int groups) {
        return b.op("conv").input("x", x).input("weight", weight).input("bias", bias)
                .input("strides", TensorValue.vector(strides)).input("pad_type", TensorValue.scalar("custom"))
                .input("pad", TensorValue.vector(pad)).input("dilations", TensorValue.vector(dilations))
                .input("groups", TensorValue.scalar(groups)).output();
    }

    /** {@code conv_transpose} with custom padding (all zeros for "valid"). */
    public static Var convTranspose(Builder b, Var x, Var weight, Optional<Var> bias, int[] strides, int[] pad,
            int[] dilations, int groups) {
        return b.op("conv_transpose").input("x", x).input("weight", weight).input("bias", bias)
                .input("strides", TensorValue.vector(strides)).input("pad_type", TensorValue.scalar("custom"))
                .input("pad", TensorValue.vector(pad)).input("dilations", TensorValue.vector(dilations))
                .input("groups", TensorValue.scalar(groups)).output();
    }

    /** {@code conv_transpose} producing the given full output shape ({@code [n, C_out, *spatial]}). */
    public static Var convTranspose(Builder b, Var x, Var weight, Optional<Var> bias, int[] strides,
            int[] outputShape, int groups) {
        return b.op("conv_transpose").input("x", x).input("weight", weight).input("bias", bias)
                .input("strides", TensorValue.vector(strides)).input("output_shape", TensorValue.vector(outputShape))
                .input("groups", TensorValue.scalar(groups)).output();
    }

    /** {@code max_pool} with {@code pad_type} valid, same or same_lower. */
    public static Var maxPool(Builder b, Var x, int[] kernelSizes, int[] strides, String padType) {
        return b.op("max_pool").input("x", x).input("kernel_sizes", TensorValue.vector(kernelSizes))
                .input("strides", TensorValue.vector(strides)).input("pad_type", TensorValue.scalar(padType))
                .output();
    }

    /** {@code avg_pool} with custom padding and PyTorch's options. */
    public static Var avgPool(Builder b, Var x, int[] kernelSizes, int[] strides, int[] pad,
            boolean excludePaddingFromAverage, boolean ceilMode) {
        return b.op("avg_pool").input("x", x).input("kernel_sizes", TensorValue.vector(kernelSizes))
                .input("strides", TensorValue.vector(strides)).input("pad_type", TensorValue.scalar("custom"))
                .input("pad", TensorValue.vector(pad)).input("ceil_mode", TensorValue.scalar(ceilMode))
                .input("exclude_padding_from_average", TensorValue.scalar(excludePaddingFromAverage)).output();
    }

    /** {@code l2_pool} with {@code pad_type} valid, same or same_lower. */
    public static Var l2Pool(Builder b, Var x, int[] kernelSizes, int[] strides, String padType) {
        return b.op("l2_pool").input("x", x).input("kernel_sizes", TensorValue.vector(kernelSizes))
                .input("strides", TensorValue.vector(strides)).input("pad_type", TensorValue.scalar(padType))
                .output();
    }

    /** {@code batch_norm} with constant statistics and optional scale and offset. */
    public static Var batchNorm(Builder b, Var x, Var mean, Var variance, Optional<Var> gamma, Optional<Var> beta,
            double epsilon) {
        return b.op("batch_norm").input("x", x).input("mean", mean).input("variance", variance)
                .input("gamma", gamma).input("beta", beta).input("epsilon", scalarLike(x, epsilon)).output();
    }

    /** {@code instance_norm} with optional scale and offset. */
    public static Var instanceNorm(Builder b, Var x, Optional<Var> gamma, Optional<Var> beta, double epsilon) {
        return b.op("instance_norm").input("x", x).input("gamma", gamma).input("beta", beta)
                .input("epsilon", scalarLike(x, epsilon)).output();
    }

    /** {@code layer_norm} over {@code axes} with optional scale and offset. */
    public static Var layerNorm(Builder b, Var x, int[] axes, Optional<Var> gamma, Optional<Var> beta,
            double epsilon) {
        return b.op("layer_norm").input("x", x).input("axes", TensorValue.vector(axes)).input("gamma", gamma)
                .input("beta", beta).input("epsilon", scalarLike(x, epsilon)).output();
    }

    /** {@code l2_norm} over the last three dims. */
    public static Var l2Norm(Builder b, Var x, double epsilon) {
        return b.op("l2_norm").input("x", x).input("epsilon", scalarLike(x, epsilon)).output();
    }

    /** {@code local_response_norm} over {@code size} neighbouring channels. */
    public static Var localResponseNorm(Builder b, Var x, int size, double alpha, double beta, double k) {
        return b.op("local_response_norm").input("x", x).input("size", TensorValue.scalar(size))
                .input("alpha", scalarLike(x, alpha)).input("beta", scalarLike(x, beta)).input("k", scalarLike(x, k))
                .output();
    }

    /** {@code upsample_nearest_neighbor} of the last two dims by fp32 scale factors. */
    public static Var upsampleNearestNeighbor(Builder b, Var x, float scaleHeight, float scaleWidth) {
        return b.op("upsample_nearest_neighbor").input("x", x)
                .input("scale_factor_height", TensorValue.scalar(scaleHeight))
                .input("scale_factor_width", TensorValue.scalar(scaleWidth)).output();
    }

    /** {@code upsample_bilinear} of the last two dims by fp32 scale factors. */
    public static Var upsampleBilinear(Builder b, Var x, float scaleHeight, float scaleWidth, boolean alignCorners) {
        return b.op("upsample_bilinear").input("x", x).input("scale_factor_height", TensorValue.scalar(scaleHeight))
                .input("scale_factor_width", TensorValue.scalar(scaleWidth))
                .input("align_corners", TensorValue.scalar(alignCorners)).output();
    }

    /** {@code resize_bilinear} of the last two dims to a target size. */
    public static Var resizeBilinear(Builder b, Var x, int height, int width, String samplingMode) {
        return b.op("resize_bilinear").input("x", x).input("target_size_height", TensorValue.scalar(height))
                .input("target_size_width", TensorValue.scalar(width))
                .input("sampling_mode", TensorValue.scalar(samplingMode)).output();
    }

    /**
     * {@code resample} of {@code x: [B, C, H, W]} at {@code coordinates: [B, H2, W2, 2]} ((x, y) points), with
     * {@code padding_value} 0.
     */
    public static Var resample(Builder b, Var x, Var coordinates, String samplingMode, String paddingMode,
            String coordinatesMode, boolean alignCorners) {
        return b.op("resample").input("x", x).input("coordinates", coordinates)
                .input("sampling_mode", TensorValue.scalar(samplingMode))
                .input("padding_mode", TensorValue.scalar(paddingMode))
                .input("padding_value", TensorValue.fromDoubles(x.tensorType().dtype(), Shape.scalar(), 0))
                .input("coordinates_mode", TensorValue.scalar(coordinatesMode))
                .input("align_corners", TensorValue.scalar(alignCorners)).output();
    }

    /** iOS15/16 {@code crop_resize} with {@code roi: [N, 1, 4 or 5, 1, 1]}. */
    public static Var cropResize(Builder b, Var x, Var roi, int height, int width, String boxCoordinateMode,
            String samplingMode) {
        return b.op("crop_resize").input("x", x).input("roi", roi).input("target_height", TensorValue.scalar(height))
                .input("target_width", TensorValue.scalar(width))
                .input("box_coordinate_mode", TensorValue.scalar(boxCoordinateMode))
                .input("sampling_mode", TensorValue.scalar(samplingMode)).output();
    }

    /** iOS17 {@code crop_resize} with {@code boxes: [N, 4]} and optional {@code box_indices: [N]}. */
    public static Var cropResize(Builder b, Var x, Var boxes, Optional<Var> boxIndices, int height, int width,
            String boxCoordinateMode, String samplingMode) {
        return b.op("crop_resize").input("x", x).input("boxes", boxes).input("box_indices", boxIndices)
                .input("target_height", TensorValue.scalar(height)).input("target_width", TensorValue.scalar(width))
                .input("box_coordinate_mode", TensorValue.scalar(boxCoordinateMode))
                .input("sampling_mode", TensorValue.scalar(samplingMode)).output();
    }

    /** {@code space_to_depth}: spatial blocks into channels. */
    public static Var spaceToDepth(Builder b, Var x, int blockSize) {
        return b.op("space_to_depth").input("x", x).input("block_size", TensorValue.scalar(blockSize)).output();
    }

    /** {@code depth_to_space}: channels into spatial blocks. */
    public static Var depthToSpace(Builder b, Var x, int blockSize) {
        return b.op("depth_to_space").input("x", x).input("block_size", TensorValue.scalar(blockSize)).output();
    }

    /** {@code pixel_shuffle}: PyTorch's channels-into-blocks rearrangement. */
    public static Var pixelShuffle(Builder b, Var x, int upscaleFactor) {
        return b.op("pixel_shuffle").input("x", x).input("upscale_factor", TensorValue.scalar(upscaleFactor))
                .output();
    }

    public static Var crop(Builder b, Var x, int top, int bottom, int left, int right) {
        return b.op("crop").input("x", x).input("crop_height", TensorValue.vector(top, bottom))
                .input("crop_width", TensorValue.vector(left, right)).output();
    }

    public static Var resizeNearestNeighbor(Builder b, Var x, int height, int width) {
        return b.op("resize_nearest_neighbor").input("x", x).input("target_size_height", TensorValue.scalar(height))
                .input("target_size_width", TensorValue.scalar(width)).output();
    }

    /** {@code space_to_batch} with block {@code bh x bw} and paddings {@code [[top, bottom], [left, right]]}. */
    public static Var spaceToBatch(Builder b, Var x, int bh, int bw, int[] paddings) {
        return b.op("space_to_batch").input("x", x).input("block_shape", TensorValue.vector(bh, bw))
                .input("paddings", TensorValue.ofInts(Shape.of(2, 2), paddings)).output();
    }

    /** {@code batch_to_space} with block {@code bh x bw} and crops {@code [[top, bottom], [left, right]]}. */
    public static Var batchToSpace(Builder b, Var x, int bh, int bw, int[] crops) {
        return b.op("batch_to_space").input("x", x).input("block_shape", TensorValue.vector(bh, bw))
                .input("crops", TensorValue.ofInts(Shape.of(2, 2), crops)).output();
    }

    /** A scalar of the dtype of {@code x}, so that it shares x's type domain. */
    private static TensorValue scalarLike(Var x, double value) {
        return TensorValue.fromDoubles(x.tensorType().dtype(), Shape.scalar(), value);
    }

    /** {@code matmul(x, y)} with the op's defaults (no transposes). */
    public static Var matmul(Builder b, Var x, Var y) {
        return b.op("matmul").input("x", x).input("y", y).output();
    }

    /** {@code einsum} of any number of operands. */
    public static Var einsum(Builder b, String equation, List<Var> values) {
        return b.op("einsum").inputs("values", values).input("equation", TensorValue.scalar(equation)).output();
    }

    /**
     * {@code conv} with any {@code pad_type}; {@code pad} (before and after amounts per spatial dim) is bound only
     * for {@code custom}, after the other parameters.
     */
    public static Var conv(Builder b, Var x, Var weight, Optional<Var> bias, int[] strides, String padType,
            int[] dilations, int groups, int[] pad) {
        Builder.OpBuilder op = b.op("conv").input("x", x).input("weight", weight).input("bias", bias)
                .input("strides", TensorValue.vector(strides)).input("pad_type", TensorValue.scalar(padType))
                .input("dilations", TensorValue.vector(dilations)).input("groups", TensorValue.scalar(groups));
        return customPad(op, padType, pad).output();
    }

    /** {@code max_pool} with any {@code pad_type} ({@code pad} bound only for {@code custom}) and a ceil mode. */
    public static Var maxPool(Builder b, Var x, int[] kernelSizes, int[] strides, String padType, int[] pad,
            boolean ceilMode) {
        return pool(b, "max_pool", x, kernelSizes, strides, padType, pad, ceilMode).output();
    }

    /** {@code avg_pool} with any {@code pad_type} ({@code pad} bound only for {@code custom}) and a ceil mode. */
    public static Var avgPool(Builder b, Var x, int[] kernelSizes, int[] strides, String padType, int[] pad,
            boolean ceilMode, boolean excludePaddingFromAverage) {
        return pool(b, "avg_pool", x, kernelSizes, strides, padType, pad, ceilMode)
                .input("exclude_padding_from_average", TensorValue.scalar(excludePaddingFromAverage)).output();
    }

    /** {@code avg_pool} with {@code pad_type} valid, same or same_lower. */
    public static Var avgPool(Builder b, Var x, int[] kernelSizes, int[] strides, String padType,
            boolean excludePaddingFromAverage) {
        return b.op("avg_pool").input("x", x).input("kernel_sizes", TensorValue.vector(kernelSizes))
                .input("strides", TensorValue.vector(strides)).input("pad_type", TensorValue.scalar(padType))
                .input("exclude_padding_from_average", TensorValue.scalar(excludePaddingFromAverage)).output();
    }

    /** {@code upsample_nearest_neighbor} by scale factors given as consts (int32 for whole factors, or fp32). */
    public static Var upsampleNearestNeighbor(Builder b, Var x, TensorValue scaleHeight, TensorValue scaleWidth) {
        return b.op("upsample_nearest_neighbor").input("x", x).input("scale_factor_height", scaleHeight)
                .input("scale_factor_width", scaleWidth).output();
    }

    /**
     * {@code scaled_dot_product_attention} (iOS18): {@code softmax(query @ key^T / sqrt(E) + mask) @ value}.
     *
     * @param mask a bool mask (true keeps a score) or a float mask added to the scores, if any
     */
    public static Var scaledDotProductAttention(Builder b, Var query, Var key, Var value, Optional<Var> mask) {
        Builder.OpBuilder op = b.op("scaled_dot_product_attention").input("query", query).input("key", key)
                .input("value", value);
        mask.ifPresent(m -> op.input("attn_mask", m));
        return op.output();
    }

    private static Builder.OpBuilder pool(Builder b, String op, Var x, int[] kernelSizes, int[] strides,
            String padType, int[] pad, boolean ceilMode) {
        Builder.OpBuilder pool = b.op(op).input("x", x).input("kernel_sizes", TensorValue.vector(kernelSizes))
                .input("strides", TensorValue.vector(strides)).input("pad_type", TensorValue.scalar(padType))
                .input("ceil_mode", TensorValue.scalar(ceilMode));
        return customPad(pool, padType, pad);
    }

    private static Builder.OpBuilder customPad(Builder.OpBuilder op, String padType, int[] pad) {
        return padType.equals("custom") ? op.input("pad", TensorValue.vector(pad)) : op;
    }
}
