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
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code crop_resize}: crops boxes out of the images of {@code x: tensor<[B, C, H, W], T>} and resizes each to
 * {@code [target_height, target_width]} by bilinear interpolation (RoI align).
 *
 * <p>Common inputs: {@code target_height}, {@code target_width: const int32} (default 1);
 * {@code normalized_coordinates: const bool} (default false: box coordinates are pixels, not [0, 1]);
 * {@code spatial_scale: const fp32} (default 1, multiplies the coordinates); {@code box_coordinate_mode: const
 * string} (default {@code CORNERS_HEIGHT_FIRST}; or {@code CORNERS_WIDTH_FIRST}, {@code CENTER_SIZE_HEIGHT_FIRST},
 * {@code CENTER_SIZE_WIDTH_FIRST}); {@code sampling_mode: const string} (as {@code resize_bilinear}). T: fp16, fp32.
 *
 * <p>iOS15: {@code roi: tensor<[N, 1, 4, 1, 1], T>} (boxes applied to every image) or {@code [N, 1, 5, 1, 1]} (the
 * first value is the image index); output {@code tensor<[N, B, C, target_height, target_width], T>}, with
 * {@code B} replaced by 1 for 5-value boxes. iOS16 adds {@code pad_value: const T} (default 0, for samples outside
 * the image). iOS17 replaces {@code roi} with {@code boxes: tensor<[N, 4], BOX_T>} (BOX_T: fp16, fp32, uint16; float
 * when {@code normalized_coordinates}) and {@code box_indices: tensor<[N], BOX_INDEX_T>} (optional, default
 * {@code 0..N-1}; uint16, int32; each below {@code B}), and outputs {@code tensor<[N, C, target_height,
 * target_width], T>}.
 */
public final class CropResizeOp extends OpDef {
    private static final Set<String> BOX_MODES = Set.of("CORNERS_HEIGHT_FIRST", "CORNERS_WIDTH_FIRST",
            "CENTER_SIZE_HEIGHT_FIRST", "CENTER_SIZE_WIDTH_FIRST");

    private CropResizeOp(Opset since) {
        super("crop_resize", since, spec(since));
    }

    /** The iOS15 definition. */
    public static CropResizeOp ios15() {
        return new CropResizeOp(Opset.IOS15);
    }

    /** The iOS16 definition: adds {@code pad_value}. */
    public static CropResizeOp ios16() {
        return new CropResizeOp(Opset.IOS16);
    }

    /** The iOS17 definition: replaces {@code roi} with {@code boxes} and {@code box_indices}. */
    public static CropResizeOp ios17() {
        return new CropResizeOp(Opset.IOS17);
    }

    private static InputSpec spec(Opset since) {
        boolean boxes = since.compareTo(Opset.IOS17) >= 0;
        InputSpec.Builder b = InputSpec.builder().tensor("x", "T");
        if (boxes) {
            b.tensor("boxes", "BOX_T").tensor("box_indices", "BOX_INDEX_T").optional();
        } else {
            b.tensor("roi", "T");
        }
        b.scalar("target_height", DType.INT32).constant().defaultValue(TensorValue.scalar(1))
                .scalar("target_width", DType.INT32).constant().defaultValue(TensorValue.scalar(1))
                .scalar("normalized_coordinates", DType.BOOL).constant().defaultValue(TensorValue.scalar(false))
                .scalar("spatial_scale", DType.FP32).constant().defaultValue(TensorValue.scalar(1f))
                .scalar("box_coordinate_mode", DType.STRING).constant()
                .defaultValue(TensorValue.scalar("CORNERS_HEIGHT_FIRST"))
                .scalar("sampling_mode", DType.STRING).constant().defaultValue(TensorValue.scalar("DEFAULT"));
        if (since.compareTo(Opset.IOS16) >= 0) {
            b.scalar("pad_value", "T").constant().defaultValue(TensorValue.scalar(0f));
        }
        b.domain("T", DType.FP16, DType.FP32);
        if (boxes) {
            b.domain("BOX_T", DType.FP16, DType.FP32, DType.UINT16).domain("BOX_INDEX_T", DType.UINT16, DType.INT32);
        }
        return b.build();
    }

    @Override
    public String summary() {
        return "crops boxes from images and resizes them bilinearly";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ImageOps.nchwInput(ctx);
        String mode = ctx.constValue("box_coordinate_mode").scalarString();
        if (!BOX_MODES.contains(mode)) {
            throw new TypeException("box_coordinate_mode", "must be one of CENTER_SIZE_HEIGHT_FIRST, "
                    + "CENTER_SIZE_WIDTH_FIRST, CORNERS_HEIGHT_FIRST, CORNERS_WIDTH_FIRST; got '" + mode + "'");
        }
        ImageOps.checkSamplingMode(ctx);
        Dim th = ImageOps.size(ctx, "target_height");
        Dim tw = ImageOps.size(ctx, "target_width");
        Dim batch = x.shape().dim(0);
        Dim channels = x.shape().dim(1);
        if (since().compareTo(Opset.IOS17) >= 0) {
            return List.of(x.withShape(Shape.of(boxCount(ctx, batch), channels, th, tw)));
        }
        TensorType roi = ctx.tensor("roi");
        if (roi.rank() != 5) {
            throw new TypeException("roi", "must have rank 5 ([N, 1, 4 or 5, 1, 1]), got " + roi);
        }
        Shape rs = roi.shape();
        for (int i : new int[] {1, 3, 4}) {
            if (rs.dim(i).isKnown() && rs.dim(i).size() != 1) {
                throw new TypeException("roi", "must have shape [N, 1, 4 or 5, 1, 1], got " + rs);
            }
        }
        Dim values = rs.dim(2);
        if (values.isKnown() && values.size() != 4 && values.size() != 5) {
            throw new TypeException("roi", "must hold 4 box coordinates, or an image index and 4 coordinates, per box "
                    + "(dim 2 is 4 or 5), got " + rs);
        }
        Dim perImage = values.isKnown() && values.size() == 5 ? Dim.of(1) : batch;
        return List.of(x.withShape(Shape.of(rs.dim(0), perImage, channels, th, tw)));
    }

    /** Checks iOS17's {@code boxes} and {@code box_indices}, returning the box count N. */
    private static Dim boxCount(InferenceContext ctx, Dim batch) {
        TensorType boxes = ctx.tensor("boxes");
        if (boxes.rank() != 2 || boxes.shape().dim(1).isKnown() && boxes.shape().dim(1).size() != 4) {
            throw new TypeException("boxes", "must have shape [N, 4], got " + boxes.shape());
        }
        if (ctx.constBoolean("normalized_coordinates") && !boxes.dtype().isFloat()) {
            throw new TypeException("boxes", "must be fp16 or fp32 when normalized_coordinates is true, got "
                    + boxes.dtype());
        }
        Dim n = boxes.shape().dim(0);
        Optional<TensorType> indices = ctx.optionalTensor("box_indices");
        if (indices.isEmpty()) {
            if (n.isKnown() && batch.isKnown() && n.size() > batch.size()) {
                throw new TypeException("box_indices", "is required when there are more boxes (" + n
                        + ") than images (" + batch + "); the default 0..N-1 would point past the batch");
            }
            return n;
        }
        TensorType idx = indices.get();
        if (idx.rank() != 1 || !compatible(idx.shape().dim(0), n)) {
            throw new TypeException("box_indices", "must have shape [" + n + "] (one per box), got " + idx.shape());
        }
        Optional<TensorValue> known = ctx.value("box_indices");
        if (known.isPresent() && batch.isKnown()) {
            for (long i : known.get().toLongArray()) {
                if (i < 0 || i >= batch.size()) {
                    throw new TypeException("box_indices", "holds " + i + ", outside the " + batch + " images of x");
                }
            }
        }
        return n;
    }

    private static boolean compatible(Dim a, Dim b) {
        return !a.isKnown() || !b.isKnown() || a.size() == b.size();
    }
}
