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
 * {@code space_to_depth}: moves {@code block_size x block_size} spatial blocks into the channel dim.
 *
 * <p>Inputs: {@code x: tensor<[n, C, H, W], T>}; {@code block_size: const int32} (at least 2, dividing {@code H}
 * and {@code W}). T: fp16, fp32.
 *
 * <p>Output: {@code tensor<[n, C * block_size^2, H / block_size, W / block_size], T>}.
 */
public final class SpaceToDepthOp extends OpDef {

    public SpaceToDepthOp() {
        super("space_to_depth", Opset.IOS15, ImageOps.floatSpec(b -> b.scalar("block_size", DType.INT32).constant()));
    }

    @Override
    public String summary() {
        return "moves spatial blocks into channels";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ImageOps.nchwInput(ctx);
        long bs = ImageOps.factor(ctx, "block_size", 2);
        Shape s = x.shape();
        ImageOps.checkDivisible(s.dim(2), bs, false, "block_size", "the height of x");
        ImageOps.checkDivisible(s.dim(3), bs, false, "block_size", "the width of x");
        return List.of(x.withShape(Shape.of(s.dim(0), SpatialDims.times(s.dim(1), bs * bs),
                SpatialDims.floorDiv(s.dim(2), bs), SpatialDims.floorDiv(s.dim(3), bs))));
    }
}
