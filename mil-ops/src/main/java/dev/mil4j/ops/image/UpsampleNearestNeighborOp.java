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
 * {@code upsample_nearest_neighbor}: scales the last two dims of {@code x} by nearest-neighbour sampling.
 *
 * <p>Inputs: {@code x: tensor<[*D, H1, W1], T>} (rank 3 or more); {@code scale_factor_height},
 * {@code scale_factor_width: const U} (default 1; integer or fractional, positive). T: fp16, fp32; U: fp32, int32.
 *
 * <p>Output: {@code tensor<[*D, floor(H1 * scale_factor_height), floor(W1 * scale_factor_width)], T>}.
 */
public final class UpsampleNearestNeighborOp extends OpDef {

    public UpsampleNearestNeighborOp() {
        super("upsample_nearest_neighbor", Opset.IOS15, InputSpec.builder()
                .tensor("x", "T")
                .scalar("scale_factor_height", "U").constant().defaultValue(TensorValue.scalar(1))
                .scalar("scale_factor_width", "U").constant().defaultValue(TensorValue.scalar(1))
                .domain("T", DType.FP16, DType.FP32)
                .domain("U", DType.FP32, DType.INT32)
                .build());
    }

    @Override
    public String summary() {
        return "nearest-neighbour upsampling of the last two dims by scale factors";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        return List.of(ImageOps.upsampled(ctx, ImageOps.spatialInput(ctx)));
    }
}
