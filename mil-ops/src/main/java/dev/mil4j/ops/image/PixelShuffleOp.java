package dev.mil4j.ops.image;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import java.util.List;

/**
 * {@code pixel_shuffle}: PyTorch's pixel shuffle (CRD order): channels {@code c * f^2 + i * f + j} become pixel
 * {@code (i, j)} of each {@code f x f} block of output channel {@code c}.
 *
 * <p>Inputs: {@code x: tensor<[n, C, H, W], T>}; {@code upscale_factor: const int32} (at least 1; {@code f^2}
 * divides {@code C}). T: fp16, fp32.
 *
 * <p>Output: {@code tensor<[n, C / f^2, H * f, W * f], T>}.
 */
public final class PixelShuffleOp extends OpDef {

    public PixelShuffleOp() {
        super("pixel_shuffle", Opset.IOS15,
                ImageOps.floatSpec(b -> b.scalar("upscale_factor", DType.INT32).constant()));
    }

    @Override
    public String summary() {
        return "PyTorch pixel shuffle: channels into spatial blocks";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ImageOps.nchwInput(ctx);
        long f = ImageOps.factor(ctx, "upscale_factor", 1);
        return List.of(x.withShape(DepthToSpaceOp.toSpace(x.shape(), f, "upscale_factor")));
    }
}
