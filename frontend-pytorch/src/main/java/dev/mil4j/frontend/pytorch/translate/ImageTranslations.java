package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.of;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorLimits;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.frontend.pytorch.graph.TorchValue;
import dev.mil4j.ops.DetectionOps;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Resampling of the trailing (spatial) dims: {@code upsample_nearest2d} and {@code upsample_bilinear2d} (what
 * {@code F.interpolate} traces to, in its size and scale-factor forms), {@code grid_sampler} ({@code F.grid_sample}),
 * channel rearrangements, and torchvision's {@code nms} ({@link DetectionOps#greedyNms}: any number of boxes) and
 * {@code roi_align} ({@link DetectionOps#roiAlign}).
 */
final class ImageTranslations {
    private ImageTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(
                of("torchvision::nms", (n, c) -> {
                    Var boxes = c.tensor(0, "dets");
                    Var scores = c.cast(c.tensor(1, "scores"), boxes.tensorType().dtype());
                    return List.of(DetectionOps.greedyNms(c.builder(), boxes, scores,
                            (float) c.doubleValue(2, "iou_threshold")));
                }),
                of("torchvision::roi_align", (n, c) -> {
                    // roi_align(input, rois [K, 5] = (image, x1, y1, x2, y2), spatial_scale, pooled_height,
                    // pooled_width, sampling_ratio, aligned)
                    Var x = c.tensor(0, "input");
                    Var rois = c.tensor(1, "rois");
                    int ratio = (int) c.intValue(5, "sampling_ratio");
                    if (ratio <= 0) {
                        throw c.error("`torchvision::roi_align` with sampling_ratio " + ratio + ": an adaptive number "
                                + "of samples per box (from its size at run time) has no MIL form; build the model "
                                + "with a fixed sampling_ratio (torchvision's poolers use 2)");
                    }
                    Var image = TensorOps.squeeze(c.builder(), TensorOps.sliceAlong(c.builder(), rois, 1, 0, 1), 1);
                    return List.of(DetectionOps.roiAlign(c.builder(), x, TensorOps.sliceAlong(c.builder(), rois, 1, 1,
                            5), image, (float) c.doubleValue(2, "spatial_scale"), (int) c.intValue(3, "pooled_height"),
                            (int) c.intValue(4, "pooled_width"), ratio, c.boolValue(6, "aligned", false)));
                }),
                of("aten::channel_shuffle", (n, c) -> List.of(shuffleChannels(c, c.tensor(0, "self"),
                        (int) c.intValue(1, "groups")))),
                of("aten::im2col", ImageTranslations::im2col),
                of("aten::pixel_shuffle", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    int r = (int) c.intValue(1, "upscale_factor");
                    return List.of(NnOps.pixelShuffle(c.builder(), x, r));
                }),
                of("aten::pixel_unshuffle", (n, c) -> {
                    Var x = c.tensor(0, "self");
                    int r = (int) c.intValue(1, "downscale_factor");
                    Var s2d = NnOps.spaceToDepth(c.builder(), x, r);
                    return List.of(shuffleChannels(c, s2d, r * r));
                }),
                of("aten::grid_sampler", ImageTranslations::gridSample, "aten::grid_sampler_2d"),
                of("aten::upsample_bicubic2d", Bicubic::upsample),
                of("aten::upsample_bilinear2d", ImageTranslations::bilinear),
                of("aten::upsample_nearest2d", ImageTranslations::nearest));
    }

    /** The requested output size and scale factors of an upsample node, per spatial dim (height, width). */
    record Resample(int[] in, int[] out, double[] scales) {
        /** Whether the scale factors were given and agree with the output size. */
        boolean scaledExactly() {
            for (int i = 0; i < 2; i++) {
                if (scales[i] <= 0 || in[i] * scales[i] != out[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Reads {@code (x, output_size, [align_corners,] scale_factors)} (the form {@code F.interpolate} traces to) or
     * {@code (x, output_size, [align_corners,] scales_h, scales_w)}; the output size, when absent, is
     * {@code floor(in * scale)}.
     */
    static Resample resample(TorchNode n, TorchTranslationContext c, int first) {
        Var x = c.tensor(0, "input");
        int rank = x.tensorType().rank();
        if (rank != 4) {
            throw c.error("`" + n.kind() + "` needs an input of rank 4, got " + x.tensorType());
        }
        int[] in = new int[2];
        for (int i = 0; i < 2; i++) {
            Dim d = x.tensorType().shape().dim(rank - 2 + i);
            if (!d.isKnown()) {
                throw c.error("`" + n.kind() + "` of symbolic spatial dim " + d + " is not supported; give the input "
                        + "a static height and width");
            }
            in[i] = (int) d.size();
        }
        double[] scales = {-1, -1};
        boolean vector = n.inputs().size() == first + 1 && (c.input(first, "scale_factors").orElseThrow()
                instanceof TorchValue.Sequence || !c.isPresent(first, "scale_factors"));
        if (vector && c.isPresent(first, "scale_factors")) {
            TorchValue.Sequence s = (TorchValue.Sequence) c.input(first, "scale_factors").orElseThrow();
            for (int i = 0; i < 2; i++) {
                scales[i] = c.knownNumber(s.items().get(i)).orElseThrow(() -> c.error("scale factors must be "
                        + "known at conversion time"));
            }
        } else if (!vector) {
            scales[0] = c.doubleValue(first, "scales_h", -1);
            scales[1] = c.doubleValue(first + 1, "scales_w", -1);
        }
        int[] out = new int[2];
        if (c.isPresent(1, "output_size")) {
            out = c.intArray(1, "output_size");
        } else if (scales[0] > 0 && scales[1] > 0) {
            for (int i = 0; i < 2; i++) {
                out[i] = (int) Math.floor(in[i] * scales[i]);
            }
        } else {
            throw c.error("`" + n.kind() + "` needs an output size or scale factors");
        }
        return new Resample(in, out, scales);
    }

    /**
     * Nearest: output index {@code i} reads {@code min(floor(i * r), in - 1)} with {@code r = 1 / scale} when a scale
     * is given, else {@code in / out} (in fp32, as PyTorch computes it). Whole-number ratios are a MIL
     * {@code upsample_nearest_neighbor}; others gather the computed indices along each axis.
     */
    private static List<Var> nearest(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "input");
        Resample r = resample(n, c, 2);
        boolean whole = true;
        for (int i = 0; i < 2; i++) {
            whole &= r.out()[i] % r.in()[i] == 0 && (r.scales()[i] <= 0 || r.scaledExactly());
        }
        if (whole) {
            return List.of(c.builder().op("upsample_nearest_neighbor").input("x", x)
                    .input("scale_factor_height", TensorValue.scalar(r.out()[0] / r.in()[0]))
                    .input("scale_factor_width", TensorValue.scalar(r.out()[1] / r.in()[1])).output());
        }
        Var y = x;
        for (int i = 0; i < 2; i++) {
            if (!TensorLimits.fits(r.out()[i])) {
                throw c.error("`" + n.kind() + "` to size " + Arrays.toString(r.out()) + " needs an index of "
                        + r.out()[i] + " elements, more than the " + TensorLimits.MAX_ELEMENTS + " a tensor built "
                        + "in memory may have; check the input shape");
            }
            float ratio = r.scales()[i] > 0 ? (float) (1.0 / r.scales()[i]) : (float) r.in()[i] / r.out()[i];
            int[] index = new int[r.out()[i]];
            for (int k = 0; k < index.length; k++) {
                index[k] = (int) Math.min(Math.floor(k * ratio), r.in()[i] - 1);
            }
            y = TensorOps.gather(c.builder(), y, c.builder().constant(TensorValue.vector(index)), 2 + i);
        }
        return List.of(y);
    }

    /**
     * Bilinear: with {@code align_corners} the corner pixels map onto each other (MIL {@code resize_bilinear}
     * STRICT_ALIGN_CORNERS); without, output pixel centers map to {@code (i + 0.5) r - 0.5} (clamped at 0), which is
     * {@code resize_bilinear} UNALIGN_CORNERS when {@code r = in / out}, and {@code upsample_bilinear} with
     * half-pixel centers for a scale factor that does not divide evenly.
     */
    private static List<Var> bilinear(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "input");
        boolean align = c.boolValue(2, "align_corners", false);
        Resample r = resample(n, c, 3);
        if (align || r.scales()[0] <= 0 || r.scaledExactly()) {
            return List.of(NnOps.resizeBilinear(c.builder(), x, r.out()[0], r.out()[1],
                    align ? "STRICT_ALIGN_CORNERS" : "UNALIGN_CORNERS"));
        }
        Var y = NnOps.upsampleBilinear(c.builder(), x, (float) r.scales()[0], (float) r.scales()[1], false);
        int rank = y.tensorType().rank();
        for (int i = 0; i < 2; i++) {
            Dim d = y.tensorType().shape().dim(rank - 2 + i);
            if (!d.isKnown() || d.size() != r.out()[i]) {
                throw c.error("`" + n.kind() + "` to size " + Arrays.toString(r.out()) + " with scale factors "
                        + Arrays.toString(r.scales()) + " that give another size is not supported");
            }
        }
        return List.of(y);
    }

    /**
     * {@code grid_sampler(input, grid, interpolation_mode, padding_mode, align_corners)} ({@code F.grid_sample} of
     * 4-d images) is MIL {@code resample} of {@code grid}'s {@code (x, y)} points in {@code [-1, 1]}: interpolation
     * 0 is bilinear, 1 nearest (rounded half to even in both); padding 0 (zeros) is a constant 0, 1 the border;
     * PyTorch reflects (padding 2) about the corner pixels' centers with {@code align_corners} (MIL
     * {@code reflection}) and about the image's outer edges without (MIL {@code symmetric}).
     */
    private static List<Var> gridSample(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "input");
        Var grid = c.tensor(1, "grid");
        if (x.tensorType().rank() != 4 || grid.tensorType().rank() != 4) {
            throw c.error("`" + n.kind() + "` of " + x.tensorType() + " at " + grid.tensorType() + " is not "
                    + "supported: only 4-d images sampled at a [N, H, W, 2] grid are (MIL resample)");
        }
        long mode = c.intValue(2, "interpolation_mode");
        long padding = c.intValue(3, "padding_mode");
        boolean align = c.boolValue(4, "align_corners", false);
        if (mode != 0 && mode != 1) {
            throw c.error("`" + n.kind() + "` with bicubic interpolation is not supported: MIL resample samples "
                    + "bilinear or nearest");
        }
        String pad = switch ((int) padding) {
            case 0 -> "constant";
            case 1 -> "border";
            case 2 -> align ? "reflection" : "symmetric";
            default -> throw c.error("`" + n.kind() + "` padding mode " + padding + " is not one of 0 (zeros), "
                    + "1 (border), 2 (reflection)");
        };
        Var points = c.cast(grid, x.tensorType().dtype());
        return List.of(NnOps.resample(c.builder(), x, points, mode == 0 ? "bilinear" : "nearest", pad,
                "normalized_minus_one_to_one", align));
    }

    /**
     * A permutation of the channels (axis 1) as a {@code gather}: {@code channel_shuffle(x, g)} views the channels as
     * {@code [g, C / g]} and transposes them, so output channel {@code k} reads {@code (k % g) (C / g) + k / g}.
     * It also makes MIL's {@code space_to_depth} (channels ordered {@code (i r + j) C + c}) PyTorch's
     * {@code pixel_unshuffle} ({@code c r^2 + i r + j}), with {@code g = r^2}.
     */
    private static Var shuffleChannels(TorchTranslationContext c, Var x, int groups) {
        Dim channels = x.tensorType().shape().dim(1);
        if (!channels.isKnown() || channels.size() % groups != 0) {
            throw c.error("`" + c.node().kind() + "` needs a known channel count that " + groups + " divides, got "
                    + x.tensorType());
        }
        int count = (int) channels.size();
        int per = count / groups;
        int[] index = new int[count];
        for (int k = 0; k < count; k++) {
            index[k] = (k % groups) * per + k / groups;
        }
        return TensorOps.gather(c.builder(), x, c.builder().constant(TensorValue.vector(index)), 1);
    }

    /**
     * {@code im2col(x, kernel_size, dilation, padding, stride)} ({@code F.unfold}, RAFT's convex upsampling):
     * {@code [N, C, H, W]} to {@code [N, C kh kw, L]}, the patch of each of the {@code L} positions as a column, in
     * channel-major, then row-major kernel order. A grouped {@code conv} with one group per channel whose
     * {@code kh kw} one-hot kernels pick one kernel position each gives exactly those values (a product by 1 and sums
     * of zeros), then a reshape flattens the positions.
     */
    private static List<Var> im2col(TorchNode n, TorchTranslationContext c) {
        Var x = c.tensor(0, "self");
        if (x.tensorType().rank() != 4 || !x.tensorType().shape().dim(1).isKnown()) {
            throw c.error("`aten::im2col` takes [N, C, H, W] with a known C, got " + x.tensorType().shape());
        }
        int[] k = c.intArray(1, "kernel_size");
        int[] dilation = c.intArray(2, "dilation");
        int[] padding = c.intArray(3, "padding");
        int[] stride = c.intArray(4, "stride");
        int channels = (int) x.tensorType().shape().dim(1).size();
        int taps = k[0] * k[1];
        float[] w = new float[channels * taps * taps];
        for (int ch = 0; ch < channels; ch++) {
            for (int t = 0; t < taps; t++) {
                w[(ch * taps + t) * taps + t] = 1f; // out channel ch * taps + t reads tap t of channel ch
            }
        }
        Var weight = c.cast(c.builder().constant(TensorValue.ofFloats(Shape.of(channels * taps, 1, k[0], k[1]), w)),
                x.tensorType().dtype());
        Var cols = NnOps.conv(c.builder(), x, weight, Optional.empty(), stride,
                new int[] {padding[0], padding[0], padding[1], padding[1]}, dilation, channels);
        Var shape = TensorOps.concat(c.builder(), List.of(TensorOps.sliceByIndex(c.builder(),
                MathOps.shape(c.builder(), cols), new int[] {0}, new int[] {2}),
                c.builder().constant(TensorValue.vector(-1))), 0);
        return List.of(TensorOps.reshape(c.builder(), cols, shape));
    }
}
