package dev.mil4j.ops.image;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.ops.tensor.DimMath;
import java.util.List;

/**
 * {@code space_to_batch(x, block_shape, paddings)}: zero-pads the spatial dims of {@code x}, cuts them into
 * {@code block_shape} blocks and moves each position within a block into the batch dim ({@code tf.space_to_batch_nd}
 * on NCHW): output batch {@code (i * bw + j) * n + b} holds rows {@code i, i + bh, ...} and columns
 * {@code j, j + bw, ...} of padded image {@code b}.
 *
 * <p>Inputs: {@code x: tensor<[n, C, H, W], T>}; {@code block_shape}: const int32 {@code [2]} (bh, bw);
 * {@code paddings}: const int32 {@code [2, 2]} ({@code [[top, bottom], [left, right]]}), the padded sizes divisible by
 * the block. T: fp16, fp32. Output: {@code [n * bh * bw, C, (H + top + bottom) / bh, (W + left + right) / bw]}.
 * Folds when {@code x} is const.
 */
public final class SpaceToBatchOp extends PickingOp {
    public SpaceToBatchOp() {
        super("space_to_batch", b -> b.tensor("block_shape", DType.INT32).constant()
                .tensor("paddings", DType.INT32).constant());
    }

    @Override
    public String summary() {
        return "moves blocks of the padded spatial dims into the batch";
    }

    private static Dim padded(Dim d, long pad, long block, String what) {
        Dim p = DimMath.add(d, pad);
        if (p.isKnown() && p.size() % block != 0) {
            throw new TypeException("paddings", "makes the " + what + " of x " + p.size()
                    + ", which block_shape " + block + " does not divide");
        }
        return DimMath.div(p, block);
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        BlockShape b = BlockShape.read(ctx, "paddings");
        TensorType x = ctx.tensor("x");
        Shape s = x.shape();
        return List.of(x.withShape(Shape.of(DimMath.mul(s.dim(0), Dim.of(b.blocks())), s.dim(1),
                padded(s.dim(2), b.top() + b.bottom(), b.bh(), "height"),
                padded(s.dim(3), b.left() + b.right(), b.bw(), "width"))));
    }

    @Override
    protected Picks.Source source(InferenceContext ctx, Shape in, Shape out) {
        BlockShape b = BlockShape.read(ctx, "paddings");
        long[] xs = in.toLongArray();
        return (o, i) -> {
            long offset = o[0] / xs[0];
            long h = o[2] * b.bh() + offset / b.bw() - b.top();
            long w = o[3] * b.bw() + offset % b.bw() - b.left();
            i[0] = o[0] % xs[0];
            i[1] = o[1];
            i[2] = h;
            i[3] = w;
            return h >= 0 && h < xs[2] && w >= 0 && w < xs[3];
        };
    }
}
