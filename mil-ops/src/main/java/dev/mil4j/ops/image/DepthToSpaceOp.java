package dev.mil4j.ops.image;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.ops.conv.SpatialDims;
import java.util.List;

/**
 * {@code depth_to_space}: moves channel groups into {@code block_size x block_size} spatial blocks (TensorFlow's
 * DCR order), the inverse of {@code space_to_depth}.
 *
 * <p>Inputs: {@code x: tensor<[n, C, H, W], T>}; {@code block_size: const int32} (at least 2; {@code block_size^2}
 * divides {@code C}). T: fp16, fp32.
 *
 * <p>Output: {@code tensor<[n, C / block_size^2, H * block_size, W * block_size], T>}.
 */
public final class DepthToSpaceOp extends OpDef {

    public DepthToSpaceOp() {
        super("depth_to_space", Opset.IOS15, ImageOps.floatSpec(b -> b.scalar("block_size", DType.INT32).constant()));
    }

    @Override
    public String summary() {
        return "moves channels into spatial blocks";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ImageOps.nchwInput(ctx);
        return List.of(x.withShape(toSpace(x.shape(), ImageOps.factor(ctx, "block_size", 2), "block_size")));
    }

    /** {@code [n, C, H, W] -> [n, C / f^2, H * f, W * f]}, checking that {@code f^2} divides {@code C}. */
    static Shape toSpace(Shape s, long f, String input) {
        ImageOps.checkDivisible(s.dim(1), f, true, input, "the channels of x");
        return Shape.of(s.dim(0), SpatialDims.floorDiv(s.dim(1), f * f), SpatialDims.times(s.dim(2), f),
                SpatialDims.times(s.dim(3), f));
    }
}
