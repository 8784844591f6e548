package dev.mil4j.ops.image;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import java.util.List;
import java.util.Set;

/**
 * {@code resample}: samples the images of {@code x: tensor<[B, C, H1, W1], T>} at the points of
 * {@code coordinates: tensor<[B, H2, W2, 2], U>}, each an {@code (x, y)} (width first) pair, giving
 * {@code tensor<[B, C, H2, W2], T>} (PyTorch's {@code grid_sample}, ONNX's {@code GridSample}).
 *
 * <p>Const inputs: {@code sampling_mode} ({@code bilinear} or {@code nearest}); {@code padding_mode} for points
 * outside the image ({@code constant}: {@code padding_value}; {@code border}: the edge repeated; {@code reflection}:
 * mirrored about the edge pixels' centers; {@code symmetric}: mirrored about the image's outer edges);
 * {@code padding_value: T}; {@code coordinates_mode} ({@code unnormalized}: pixels, {@code [0, W1 - 1]};
 * {@code normalized_minus_one_to_one}: {@code [-1, 1]}; {@code normalized_zero_to_one}: {@code [0, 1]});
 * {@code align_corners: bool} (normalized extremes at the corner pixels' centers rather than at the image's outer
 * edges). T: fp16, fp32. U: int32, fp32 (iOS15); int32, fp16, fp32 (iOS16).
 */
public final class ResampleOp extends OpDef {
    /** The allowed {@code sampling_mode} values. */
    public static final Set<String> SAMPLING_MODES = Set.of("bilinear", "nearest");
    /** The allowed {@code padding_mode} values. */
    public static final Set<String> PADDING_MODES = Set.of("constant", "border", "reflection", "symmetric");
    /** The allowed {@code coordinates_mode} values. */
    public static final Set<String> COORDINATES_MODES = Set.of("unnormalized", "normalized_minus_one_to_one",
            "normalized_zero_to_one");

    private ResampleOp(Opset since) {
        super("resample", since, spec(since));
    }

    /** The iOS15 definition. */
    public static ResampleOp ios15() {
        return new ResampleOp(Opset.IOS15);
    }

    /** The iOS16 definition: fp16 coordinates too. */
    public static ResampleOp ios16() {
        return new ResampleOp(Opset.IOS16);
    }

    private static InputSpec spec(Opset since) {
        DType[] coordinates = since.compareTo(Opset.IOS16) >= 0
                ? new DType[] {DType.INT32, DType.FP16, DType.FP32} : new DType[] {DType.INT32, DType.FP32};
        return InputSpec.builder().tensor("x", "T").tensor("coordinates", "U")
                .scalar("sampling_mode", DType.STRING).constant()
                .scalar("padding_mode", DType.STRING).constant()
                .scalar("padding_value", "T").constant()
                .scalar("coordinates_mode", DType.STRING).constant()
                .scalar("align_corners", DType.BOOL).constant()
                .domain("T", DType.FP16, DType.FP32).domain("U", coordinates)
                .build();
    }

    @Override
    public String summary() {
        return "samples images at given points (grid sampling)";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ImageOps.nchwInput(ctx);
        TensorType coordinates = ctx.tensor("coordinates");
        Shape cs = coordinates.shape();
        if (coordinates.rank() != 4 || cs.dim(3).isKnown() && cs.dim(3).size() != 2) {
            throw new TypeException("coordinates", "must have shape [B, H2, W2, 2] ((x, y) points), got " + cs);
        }
        Dim batch = x.shape().dim(0);
        if (batch.isKnown() && cs.dim(0).isKnown() && batch.size() != cs.dim(0).size()) {
            throw new TypeException("coordinates", "must have the batch size of x (" + batch + "), got " + cs);
        }
        check(ctx, "sampling_mode", SAMPLING_MODES);
        check(ctx, "padding_mode", PADDING_MODES);
        check(ctx, "coordinates_mode", COORDINATES_MODES);
        return List.of(x.withShape(Shape.of(batch, x.shape().dim(1), cs.dim(1), cs.dim(2))));
    }

    private static void check(InferenceContext ctx, String input, Set<String> allowed) {
        String v = ctx.constValue(input).scalarString();
        if (!allowed.contains(v)) {
            throw new TypeException(input, "must be one of " + String.join(", ", allowed.stream().sorted().toList())
                    + "; got '" + v + "'");
        }
    }
}
