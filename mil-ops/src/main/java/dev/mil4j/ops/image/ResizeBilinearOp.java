package dev.mil4j.ops.image;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;

/**
 * {@code resize_bilinear}: resizes the last two dims of {@code x} to a target size by bilinear interpolation.
 *
 * <p>Inputs: {@code x: tensor<[*D, H1, W1], T>} (rank 3 or more); {@code target_size_height},
 * {@code target_size_width: const int32} (default 1); {@code sampling_mode: const string} (default
 * {@code DEFAULT}; or {@code STRICT_ALIGN_CORNERS}, {@code ALIGN_CORNERS}, {@code OFFSET_CORNERS},
 * {@code UNALIGN_CORNERS}: where the sampling grid points fall). T: fp16, fp32.
 *
 * <p>Output: {@code tensor<[*D, target_size_height, target_size_width], T>}.
 */
public final class ResizeBilinearOp extends OpDef {

    public ResizeBilinearOp() {
        super("resize_bilinear", Opset.IOS15, InputSpec.builder()
                .tensor("x", "T")
                .scalar("target_size_height", DType.INT32).constant().defaultValue(TensorValue.scalar(1))
                .scalar("target_size_width", DType.INT32).constant().defaultValue(TensorValue.scalar(1))
                .scalar("sampling_mode", DType.STRING).constant().defaultValue(TensorValue.scalar("DEFAULT"))
                .domain("T", DType.FP16, DType.FP32)
                .build());
    }

    @Override
    public String summary() {
        return "bilinear resize of the last two dims to a target size";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ImageOps.spatialInput(ctx);
        ImageOps.checkSamplingMode(ctx);
        int r = x.rank();
        return List.of(x.withShape(x.shape()
                .withDim(r - 2, ImageOps.size(ctx, "target_size_height"))
                .withDim(r - 1, ImageOps.size(ctx, "target_size_width"))));
    }
}
