package dev.mil4j.ops.image;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.ops.conv.SpatialDims;
import java.util.Set;
import java.util.function.Consumer;

/** Checks and shape rules shared by the image resizing ops. */
final class ImageOps {
    /** The grid sampling modes of {@code resize_bilinear} and {@code crop_resize}. */
    static final Set<String> SAMPLING_MODES = Set.of("STRICT_ALIGN_CORNERS", "ALIGN_CORNERS", "UNALIGN_CORNERS",
            "DEFAULT", "OFFSET_CORNERS");

    private ImageOps() {
    }

    /** The spec of {@code x} in {@code T} = fp16, fp32, followed by the inputs {@code params} adds. */
    static InputSpec floatSpec(Consumer<InputSpec.Builder> params) {
        InputSpec.Builder b = InputSpec.builder().tensor("x", "T");
        params.accept(b);
        return b.domain("T", DType.FP16, DType.FP32).build();
    }

    /** {@code x} must have rank 3 or more: the last two dims are height and width. */
    static TensorType spatialInput(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        if (x.rank() < 3) {
            throw new TypeException("x", "must have rank 3 or more ([*D, H, W]), got " + x);
        }
        return x;
    }

    /** {@code x} must have rank 4 ({@code [n, C, H, W]}). */
    static TensorType nchwInput(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        if (x.rank() != 4) {
            throw new TypeException("x", "must have rank 4 ([n, C, H, W]), got " + x);
        }
        return x;
    }

    /** A const positive scale factor. */
    static double scale(InferenceContext ctx, String input) {
        double s = ctx.constValue(input).scalarDouble();
        if (!(s > 0) || Double.isInfinite(s)) {
            throw new TypeException(input, "must be a positive finite number, got " + s);
        }
        return s;
    }

    /** A const positive target size. */
    static Dim size(InferenceContext ctx, String input) {
        long v = ctx.constLong(input);
        if (v < 1) {
            throw new TypeException(input, "must be at least 1, got " + v);
        }
        return Dim.of(v);
    }

    /** Const string input {@code sampling_mode} must be one of {@link #SAMPLING_MODES}. */
    static void checkSamplingMode(InferenceContext ctx) {
        String mode = ctx.constValue("sampling_mode").scalarString();
        if (!SAMPLING_MODES.contains(mode)) {
            throw new TypeException("sampling_mode", "must be one of ALIGN_CORNERS, DEFAULT, OFFSET_CORNERS, "
                    + "STRICT_ALIGN_CORNERS, UNALIGN_CORNERS; got '" + mode + "'");
        }
    }

    /** The shape of {@code x} with its last two dims scaled by the const scale factors (floored). */
    static TensorType upsampled(InferenceContext ctx, TensorType x) {
        double sh = scale(ctx, "scale_factor_height");
        double sw = scale(ctx, "scale_factor_width");
        int r = x.rank();
        return x.withShape(x.shape()
                .withDim(r - 2, SpatialDims.scaled(x.shape().dim(r - 2), sh))
                .withDim(r - 1, SpatialDims.scaled(x.shape().dim(r - 1), sw)));
    }

    /** A const {@code block_size}-like factor of at least {@code min}. */
    static long factor(InferenceContext ctx, String input, long min) {
        long f = ctx.constLong(input);
        if (f < min) {
            throw new TypeException(input, "must be at least " + min + ", got " + f);
        }
        return f;
    }

    /**
     * A known dim must be divisible by {@code factor} (or by its square when {@code squared}); {@code what} names
     * the dim for the message.
     */
    static void checkDivisible(Dim d, long factor, boolean squared, String input, String what) {
        long divisor = squared ? factor * factor : factor;
        if (d.isKnown() && d.size() % divisor != 0) {
            throw new TypeException(input, "is " + factor + (squared ? ", and its square " + divisor : ", which")
                    + " does not divide " + what + " (" + d + ")");
        }
    }
}
