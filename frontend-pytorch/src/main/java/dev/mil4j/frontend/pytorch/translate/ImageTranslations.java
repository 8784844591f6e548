package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.Entry.of;

import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.frontend.pytorch.TorchTranslation;
import dev.mil4j.frontend.pytorch.graph.TorchNode;
import dev.mil4j.frontend.pytorch.graph.TorchValue;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import java.util.Arrays;
import java.util.List;

/**
 * Resampling and padding of the trailing (spatial) dims: {@code upsample_nearest2d}, {@code upsample_bilinear2d}
 * (what {@code F.interpolate} traces to, in its size and scale-factor forms), {@code pad} and the
 * {@code constant_pad_nd}, {@code reflection_padNd}, {@code replication_padNd} ops of {@code F.pad}.
 */
final class ImageTranslations {
    private ImageTranslations() {
    }

    static List<TorchTranslations.Entry> entries() {
        return List.of(
                of("aten::constant_pad_nd", (n, c) -> List.of(pad(c, c.tensor(0, "self"), c.intArray(1, "pad"),
                        "constant", c.doubleValue(2, "value", 0)))),
                of("aten::pad", (n, c) -> {
                    String mode = c.stringValue(2, "mode").orElse("constant");
                    if (!mode.equals("constant") && !mode.equals("reflect") && !mode.equals("replicate")) {
                        throw c.error("pad mode '" + mode + "' is not supported; MIL pads constant, reflect or "
                                + "replicate");
                    }
                    return List.of(pad(c, c.tensor(0, "self"), c.intArray(1, "pad"), mode,
                            c.doubleValue(3, "value", 0)));
                }),
                of("aten::reflection_pad2d", padding("reflect"), "aten::reflection_pad1d", "aten::reflection_pad3d"),
                of("aten::replication_pad2d", padding("replicate"), "aten::replication_pad1d",
                        "aten::replication_pad3d"),
                of("aten::upsample_bilinear2d", ImageTranslations::bilinear),
                of("aten::upsample_nearest2d", ImageTranslations::nearest));
    }

    private static TorchTranslation padding(String mode) {
        return (n, c) -> List.of(pad(c, c.tensor(0, "self"), c.intArray(1, "padding"), mode, 0));
    }

    /** Torch lists pads from the last dim backwards ({@code [left, right, top, bottom]}); MIL from the first. */
    private static Var pad(TorchTranslationContext c, Var x, int[] torchPad, String mode, double value) {
        int dims = torchPad.length / 2;
        int rank = x.tensorType().rank();
        if (torchPad.length % 2 != 0 || dims > rank) {
            throw c.error("pad " + Arrays.toString(torchPad) + " needs two entries per padded dim, at most "
                    + 2 * rank);
        }
        if (Arrays.stream(torchPad).anyMatch(p -> p < 0)) {
            throw c.error("negative padding " + Arrays.toString(torchPad) + " (cropping) is not supported");
        }
        int[] pad = new int[2 * dims];
        for (int j = 0; j < dims; j++) {
            int fromLast = dims - 1 - j;
            pad[2 * j] = torchPad[2 * fromLast];
            pad[2 * j + 1] = torchPad[2 * fromLast + 1];
        }
        if (mode.equals("constant")) {
            return c.builder().op("pad").input("x", x).input("pad", TensorValue.vector(pad))
                    .input("mode", TensorValue.scalar("constant"))
                    .input("constant_val", TensorValue.fromDoubles(x.tensorType().dtype(),
                            Shape.scalar(), value)).output();
        }
        return TensorOps.pad(c.builder(), x, pad, mode);
    }

    /** The requested output size and scale factors of an upsample node, per spatial dim (height, width). */
    private record Resample(int[] in, int[] out, double[] scales) {
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
    private static Resample resample(TorchNode n, TorchTranslationContext c, int first) {
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
}
