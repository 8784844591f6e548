package dev.mil4j.ops.pool;

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
import dev.mil4j.ops.conv.PadType;
import dev.mil4j.ops.conv.SpatialDims;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The pooling family ({@code max_pool}, {@code avg_pool}, {@code l2_pool}): a window slides over the spatial dims
 * of {@code x: tensor<[n, C, *d_in], T>} (T: fp16, fp32) and reduces each window to one value.
 *
 * <p>Common inputs: {@code kernel_sizes: const int32[S]} (required); {@code strides: const int32[S]} (default all
 * 1); {@code pad_type: const string} (required: {@code valid}, {@code same}, {@code custom}, and from iOS16
 * {@code same_lower}); {@code pad: const int32[2S]} (default zeros, used with {@code custom}); {@code ceil_mode:
 * const bool} (default false; PyTorch's ceil mode, only for 1-d and 2-d pools, not with {@code same}, and with
 * symmetric padding).
 *
 * <p>Output: {@code tensor<[n, C, *d_out], T>}, {@code d_out[i] = floor((d_in[i] + pad[2i] + pad[2i+1] -
 * kernel_sizes[i]) / strides[i]) + 1} (the ceiling form with {@code ceil_mode}), or {@code ceil(d_in[i] /
 * strides[i])} for the same paddings.
 */
public abstract class PoolingOp extends OpDef {
    private final int maxSpatial;

    /**
     * @param maxSpatial the most spatial dims this pool takes (3, or 2 for {@code l2_pool})
     * @param extra      adds the op's own inputs after the common ones
     */
    protected PoolingOp(String name, Opset since, int maxSpatial, Consumer<InputSpec.Builder> extra) {
        super(name, since, spec(extra));
        this.maxSpatial = maxSpatial;
    }

    private static InputSpec spec(Consumer<InputSpec.Builder> extra) {
        InputSpec.Builder b = InputSpec.builder()
                .tensor("x", "T")
                .tensor("kernel_sizes", DType.INT32).constant()
                .tensor("strides", DType.INT32).constant().defaultFrom(ctx -> SpatialDims.filled(spatial(ctx), 1))
                .scalar("pad_type", DType.STRING).constant()
                .tensor("pad", DType.INT32).constant().defaultFrom(ctx -> SpatialDims.filled(2 * spatial(ctx), 0))
                .scalar("ceil_mode", DType.BOOL).constant().defaultValue(TensorValue.scalar(false));
        extra.accept(b);
        return b.domain("T", DType.FP16, DType.FP32).build();
    }

    private static int spatial(InferenceContext ctx) {
        return ctx.tensor("x").rank() - 2;
    }

    @Override
    public final List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        int n = x.rank() - 2;
        if (n < 1 || n > maxSpatial) {
            throw new TypeException("x", "must have rank 3 to " + (maxSpatial + 2) + " ([n, C, *spatial] with 1 to "
                    + maxSpatial + " spatial dims), got " + x);
        }
        long[] kernel = SpatialDims.vector(ctx, "kernel_sizes", n, 1);
        long[] strides = SpatialDims.vector(ctx, "strides", n, 1);
        PadType padType = PadType.read(ctx, since());
        long[] pad = padType == PadType.CUSTOM ? SpatialDims.vector(ctx, "pad", 2 * n, 0) : new long[2 * n];
        boolean ceilMode = ctx.constBoolean("ceil_mode");
        if (ceilMode) {
            if (n > 2) {
                throw new TypeException("ceil_mode", "is only supported for 1-d and 2-d pools, got " + n
                        + " spatial dims");
            }
            if (padType == PadType.SAME || padType == PadType.SAME_LOWER) {
                throw new TypeException("ceil_mode", "must be false with pad_type " + padType.milName());
            }
            for (int i = 0; i < n; i++) {
                if (pad[2 * i] != pad[2 * i + 1]) {
                    throw new TypeException("pad", "must be symmetric when ceil_mode is true, got "
                            + Arrays.toString(pad));
                }
            }
        }
        Dim[] out = new Dim[x.rank()];
        out[0] = x.shape().dim(0);
        out[1] = x.shape().dim(1);
        for (int i = 0; i < n; i++) {
            out[2 + i] = padType.output(x.shape().dim(2 + i), kernel[i], strides[i], pad, ceilMode, i);
        }
        return List.of(x.withShape(Shape.of(out)));
    }
}
