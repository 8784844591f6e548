package dev.mil4j.frontend.onnx.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorLimits;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.OnnxNode;
import dev.mil4j.frontend.onnx.OnnxTranslationContext;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Resize} (opsets 11 to 18) with constant scales or sizes and a static input: every mode, coordinate
 * transformation and nearest rounding. The sampling of each resized axis is computed at conversion time
 * ({@link ResizeAxis}); when it is exactly what a MIL resizing op computes ({@code upsample_nearest_neighbor} for
 * integer factors, {@code resize_bilinear} in one of its sampling modes) that op is used, otherwise each resized axis
 * is a {@code gather} of constant indices (nearest) or a {@code matmul} with its constant interpolation matrix
 * (linear, cubic), last axis first, with {@code tf_crop_and_resize}'s extrapolation value put where points fall
 * outside. Refused: {@code antialias}, {@code axes} and {@code keep_aspect_ratio_policy} (opset 18). {@code Upsample}
 * (opsets 7 to 9) is the same resampling with asymmetric coordinates. Resizes by scales or sizes computed at run time
 * (but tf_crop_and_resize) are {@link ResizeRunTime}'s.
 */
final class ResizeTranslation {
    private static final Set<String> COORDINATE_MODES = Set.of("half_pixel", "pytorch_half_pixel", "align_corners",
            "asymmetric", "tf_half_pixel_for_nn", "tf_crop_and_resize");
    private static final Set<String> NEAREST_MODES = Set.of("round_prefer_floor", "round_prefer_ceil", "floor",
            "ceil");
    /** The sampling modes of resize_bilinear tried, in order, for an exact match. */
    private static final List<String> BILINEAR_MODES = List.of("UNALIGN_CORNERS", "STRICT_ALIGN_CORNERS", "DEFAULT");

    private ResizeTranslation() {
    }

    static List<Var> resize(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        int rank = x.tensorType().rank();
        long[] in = c.staticShape(x, "Resize");
        String mode = n.stringAttribute("mode", "nearest");
        String coords = n.stringAttribute("coordinate_transformation_mode", "half_pixel");
        String nearestMode = n.stringAttribute("nearest_mode", "round_prefer_floor");
        check(c, mode, Set.of("nearest", "linear", "cubic"), "mode");
        check(c, coords, COORDINATE_MODES, "coordinate_transformation_mode");
        check(c, nearestMode, NEAREST_MODES, "nearest_mode");
        if (n.intAttribute("antialias", 0) != 0) {
            throw c.error("has antialias=1, which this translation does not compute",
                    "export without antialiasing (torch: antialias=False)");
        }
        if (n.intsAttribute("axes").isPresent() || !n.stringAttribute("keep_aspect_ratio_policy", "stretch")
                .equals("stretch")) {
            throw c.error("has axes or keep_aspect_ratio_policy (opset 18), which this translation does not read");
        }
        boolean runTime = c.hasInput(3) ? c.constInput(3).isEmpty() : c.hasInput(2) && c.constInput(2).isEmpty();
        if (runTime && ResizeRunTime.supports(mode, coords)) {
            Builder b = c.builder();
            Var sizes = c.hasInput(3) ? MathOps.cast(b, c.input(3), DType.INT32) : null;
            Var scales = sizes == null ? MathOps.cast(b, c.input(2), DType.FP32) : null;
            return List.of(ResizeRunTime.resize(b, x, sizes, scales, mode, coords, nearestMode,
                    n.floatAttribute("cubic_coeff_a", -0.75f), n.intAttribute("exclude_outside", 0) != 0));
        }
        double[] roi = roi(c, coords, rank);
        TensorValue sizes = c.hasInput(3) ? c.constInput(3, "sizes") : null;
        TensorValue scales = sizes == null ? c.constInput(2, "scales") : null;
        List<ResizeAxis> axes = axes(c, in, coords, roi, sizes, scales);
        return List.of(resampled(c, x, axes, mode, nearestMode, n.floatAttribute("extrapolation_value", 0f),
                n.floatAttribute("cubic_coeff_a", -0.75f), n.intAttribute("exclude_outside", 0) != 0));
    }

    /**
     * {@code Upsample} (opsets 7 to 9; scales an attribute before 9, an input from 9 on): Resize by scales of at
     * least 1 with {@code asymmetric} coordinates, {@code nearest} reading {@code floor(i / scale)} (ONNX Runtime's
     * rounding for upsampling) and {@code linear} (or opset 7's {@code bilinear}) interpolating. Scales
     * computed at run time take {@link ResizeRunTime}'s form.
     */
    static List<Var> upsample(OnnxNode n, OnnxTranslationContext c) {
        Var x = c.input(0);
        long[] in = c.staticShape(x, "Upsample");
        String mode = n.stringAttribute("mode", "nearest");
        check(c, mode, Set.of("nearest", "linear", "bilinear"), "mode");
        String milMode = mode.equals("nearest") ? "nearest" : "linear";
        if (c.opsetVersion() >= 9 && c.constInput(1).isEmpty()) {
            Var scales = MathOps.cast(c.builder(), c.input(1), DType.FP32);
            return List.of(ResizeRunTime.resize(c.builder(), x, null, scales, milMode, "asymmetric", "floor"));
        }
        TensorValue scales = c.opsetVersion() >= 9 ? c.constInput(1, "scales")
                : floats(n.floatsAttribute("scales").orElseThrow(() -> c.error("has no scales")));
        for (int i = 0; i < scales.elementCount(); i++) {
            if (!(scales.getDouble(i) >= 1)) {
                throw c.error("has scale " + scales.getDouble(i) + " for dim " + i + "; Upsample's scales are at "
                        + "least 1", "use Resize (opset 11) to downsample");
            }
        }
        double[] roi = new double[2 * in.length];
        Arrays.fill(roi, in.length, 2 * in.length, 1);
        List<ResizeAxis> axes = axes(c, in, "asymmetric", roi, null, scales);
        return List.of(resampled(c, x, axes, milMode, "floor", 0f, -0.75, false));
    }

    private static TensorValue floats(float[] v) {
        return TensorValue.ofFloats(Shape.of(v.length), v);
    }

    /**
     * Samples {@code x} along every axis: MIL's resizing op when one computes exactly this, otherwise a gather or a
     * matmul per resized axis.
     */
    private static Var resampled(OnnxTranslationContext c, Var x, List<ResizeAxis> axes, String mode,
            String nearestMode, float extrapolation, double cubicA, boolean exclude) {
        int rank = axes.size();
        boolean extrapolates = axes.stream().anyMatch(ResizeAxis::extrapolates);
        Builder b = c.builder();
        Optional<Var> fast = extrapolates ? Optional.empty() : milResize(b, x, axes, mode, nearestMode);
        if (fast.isPresent()) {
            return fast.get();
        }
        Var y = x;
        for (int a = rank - 1; a >= 0; a--) {
            ResizeAxis axis = axes.get(a);
            if (!axis.isIdentity()) {
                y = mode.equals("nearest") ? gathered(b, y, a, axis, nearestMode, extrapolation)
                        : interpolated(b, y, a, axis, axis.weights(mode.equals("cubic"), cubicA, exclude),
                                extrapolation);
            }
        }
        return y;
    }

    private static void check(OnnxTranslationContext c, String value, Set<String> allowed, String attribute) {
        if (!allowed.contains(value)) {
            throw c.error("has " + attribute + " `" + value + "`; expected one of "
                    + String.join(", ", allowed.stream().sorted().toList()));
        }
    }

    /** The roi's starts and ends ({@code tf_crop_and_resize} only; the whole input otherwise). */
    private static double[] roi(OnnxTranslationContext c, String coords, int rank) {
        double[] roi = new double[2 * rank];
        Arrays.fill(roi, rank, 2 * rank, 1);
        if (coords.equals("tf_crop_and_resize")) {
            if (!c.hasInput(1)) {
                throw c.error("uses tf_crop_and_resize without a roi");
            }
            TensorValue r = c.constInput(1, "roi");
            if (r.elementCount() != 2 * rank) {
                throw c.error("has a roi of " + r.elementCount() + " values for rank " + rank + "; expected "
                        + 2 * rank);
            }
            roi = r.toDoubleArray();
        }
        return roi;
    }

    /** The sampling of every axis, from the constant sizes or (when those are null) scales. */
    private static List<ResizeAxis> axes(OnnxTranslationContext c, long[] in, String coords, double[] roi,
            TensorValue sizes, TensorValue scales) {
        int rank = in.length;
        boolean crop = coords.equals("tf_crop_and_resize");
        List<ResizeAxis> axes = new ArrayList<>();
        TensorValue given = sizes != null ? sizes : scales;
        if (given.elementCount() != rank) {
            throw c.error("has " + given.elementCount() + (sizes != null ? " sizes" : " scales") + " for rank "
                    + rank);
        }
        for (int i = 0; i < rank; i++) {
            double scale;
            double length;
            if (sizes != null) {
                length = sizes.getDouble(i);
                scale = length / in[i];
            } else {
                scale = scales.getDouble(i);
                length = scale * in[i];
            }
            double outLength = Math.floor(sizes != null ? length
                    : in[i] * (crop ? roi[rank + i] - roi[i] : 1) * scale);
            if (!(scale > 0) || !(outLength >= 1)) {
                throw c.error("resizes dim " + i + " (" + in[i] + ") to " + outLength + " elements");
            }
            // the axis's tables have one entry per output index, its interpolation matrix in x out
            if (outLength * in[i] > TensorLimits.MAX_ELEMENTS) {
                throw c.error("resizes dim " + i + " (" + in[i] + ") to " + (long) Math.min(outLength, Long.MAX_VALUE)
                        + " elements, whose interpolation table would exceed " + TensorLimits.MAX_ELEMENTS
                        + " entries", "check the model's scales or sizes; a resize this large is a broken export");
            }
            int out = (int) outLength;
            axes.add(ResizeAxis.of(coords, in[i], out, scale, length, roi[i], roi[rank + i]));
        }
        return axes;
    }

    /**
     * The MIL op that computes exactly this resize, when one does: only the last two of three or more dims
     * resized, nearest by integer factors reading {@code floor(i / factor)}, linear on one of resize_bilinear's
     * grids.
     */
    private static Optional<Var> milResize(Builder b, Var x, List<ResizeAxis> axes, String mode,
            String nearestMode) {
        int rank = axes.size();
        for (int a = 0; a < rank - 2; a++) {
            if (!axes.get(a).isIdentity()) {
                return Optional.empty();
            }
        }
        if (rank < 3 || mode.equals("cubic")) {
            return Optional.empty();
        }
        ResizeAxis h = axes.get(rank - 2);
        ResizeAxis w = axes.get(rank - 1);
        if (mode.equals("nearest")) {
            long fh = h.out() / h.in();
            long fw = w.out() / w.in();
            if (!integerUpsample(h, fh, nearestMode) || !integerUpsample(w, fw, nearestMode)) {
                return Optional.empty();
            }
            return Optional.of(NnOps.upsampleNearestNeighbor(b, x, fh, fw));
        }
        for (String sampling : BILINEAR_MODES) {
            if (onGrid(h, sampling) && onGrid(w, sampling)) {
                return Optional.of(NnOps.resizeBilinear(b, x, h.out(), w.out(), sampling));
            }
        }
        return Optional.empty();
    }

    private static boolean integerUpsample(ResizeAxis axis, long factor, String nearestMode) {
        if (factor < 1 || axis.out() != axis.in() * factor) {
            return false;
        }
        int[] idx = axis.nearest(nearestMode);
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] != i / factor) {
                return false;
            }
        }
        return true;
    }

    /** Whether resize_bilinear's grid in {@code sampling} mode is this axis's (both clamped into the input). */
    private static boolean onGrid(ResizeAxis axis, String sampling) {
        long in = axis.in();
        int out = axis.out();
        for (int i = 0; i < out; i++) {
            double g = switch (sampling) {
                case "STRICT_ALIGN_CORNERS" -> out > 1 ? i * (double) (in - 1) / (out - 1) : 0;
                case "DEFAULT" -> out > 1 ? i * (in - (double) in / out) / (out - 1) : 0;
                default -> (i + 0.5) * in / out - 0.5;
            };
            double mine = Math.max(0, Math.min(in - 1, axis.source()[i]));
            if (Math.abs(Math.max(0, Math.min(in - 1, g)) - mine) > 1e-6) {
                return false;
            }
        }
        return true;
    }

    /** Nearest along {@code a}: a gather of constant indices; points outside read the extrapolation value. */
    private static Var gathered(Builder b, Var x, int a, ResizeAxis axis, String nearestMode, float extrapolation) {
        int[] idx = axis.nearest(nearestMode);
        Var y = TensorOps.gather(b, x, b.constant(TensorValue.ofInts(Shape.of(idx.length), idx)), a);
        if (!axis.extrapolates()) {
            return y;
        }
        boolean[] mask = axis.outside();
        Var value = b.constant(TensorValue.fromDoubles(x.tensorType().dtype(), Shape.scalar(), extrapolation));
        return TensorOps.select(b, b.constant(TensorValue.ofBools(alongAxis(x, a, axis.out()), mask)), value, y);
    }

    /**
     * Linear or cubic along {@code a}: {@code matmul} with the constant {@code [in, out]} transposed interpolation
     * matrix, the axis moved last and back; the extrapolation value added where points fall outside.
     */
    private static Var interpolated(Builder b, Var x, int a, ResizeAxis axis, double[][] w, float extrapolation) {
        int rank = x.tensorType().rank();
        int in = (int) axis.in();
        int out = axis.out();
        double[] t = new double[in * out];
        for (int i = 0; i < out; i++) {
            for (int j = 0; j < in; j++) {
                t[j * out + i] = w[i][j];
            }
        }
        DType dtype = x.tensorType().dtype();
        Var weights = b.constant(TensorValue.fromDoubles(dtype, Shape.of(in, out), t));
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i == a ? rank - 1 : i == rank - 1 ? a : i;
        }
        boolean moved = a != rank - 1;
        Var y = NnOps.matmul(b, moved ? TensorOps.transpose(b, x, perm) : x, weights);
        if (moved) {
            y = TensorOps.transpose(b, y, perm);
        }
        if (!axis.extrapolates()) {
            return y;
        }
        double[] add = new double[out];
        for (int i = 0; i < out; i++) {
            add[i] = axis.outside()[i] ? extrapolation : 0;
        }
        return MathOps.add(b, y, b.constant(TensorValue.fromDoubles(dtype,
                alongAxis(x, a, out), add)));
    }

    /** The shape {@code [1, ..., size, ..., 1]} with {@code size} at axis {@code a}. */
    private static Shape alongAxis(Var x, int a, int size) {
        long[] s = new long[x.tensorType().rank()];
        Arrays.fill(s, 1);
        s[a] = size;
        return Shape.of(s);
    }
}
