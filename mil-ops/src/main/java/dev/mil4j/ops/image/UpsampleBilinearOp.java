package dev.mil4j.ops.image;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;

/**
 * {@code upsample_bilinear}: scales the last two dims of {@code x} by bilinear interpolation (the scale factor is
 * recomputed from the output size, like PyTorch's {@code recompute_scale_factor=True}).
 *
 * <p>Inputs: {@code x: tensor<[*D, H1, W1], T>} (rank 3 or more); {@code scale_factor_height},
 * {@code scale_factor_width: const U} (default 1); {@code align_corners: const bool} (default true: the corner
 * samples sit on the corner pixels; false: half-pixel offsets). T: fp16, fp32; U: fp32, int32.
 *
 * <p>Output: {@code tensor<[*D, floor(H1 * scale_factor_height), floor(W1 * scale_factor_width)], T>}.
 *
 * <p>Versions: iOS15; iOS16 adds {@code half_pixel_centers: const bool} (optional; defaults to
 * {@code !align_corners}), as in TensorFlow's resize.
 */
public final class UpsampleBilinearOp extends OpDef {

    private UpsampleBilinearOp(Opset since) {
        super("upsample_bilinear", since, spec(since));
    }

    /** The iOS15 definition. */
    public static UpsampleBilinearOp ios15() {
        return new UpsampleBilinearOp(Opset.IOS15);
    }

    /** The iOS16 definition: adds {@code half_pixel_centers}. */
    public static UpsampleBilinearOp ios16() {
        return new UpsampleBilinearOp(Opset.IOS16);
    }

    private static InputSpec spec(Opset since) {
        InputSpec.Builder b = InputSpec.builder()
                .tensor("x", "T")
                .scalar("scale_factor_height", "U").constant().defaultValue(TensorValue.scalar(1))
                .scalar("scale_factor_width", "U").constant().defaultValue(TensorValue.scalar(1))
                .scalar("align_corners", DType.BOOL).constant().defaultValue(TensorValue.scalar(true));
        if (since.compareTo(Opset.IOS16) >= 0) {
            b.scalar("half_pixel_centers", DType.BOOL).constant()
                    .defaultFrom(ctx -> TensorValue.scalar(!ctx.constBoolean("align_corners")));
        }
        return b.domain("T", DType.FP16, DType.FP32).domain("U", DType.FP32, DType.INT32).build();
    }

    @Override
    public String summary() {
        return "bilinear upsampling of the last two dims by scale factors";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        return List.of(ImageOps.upsampled(ctx, ImageOps.spatialInput(ctx)));
    }
}
