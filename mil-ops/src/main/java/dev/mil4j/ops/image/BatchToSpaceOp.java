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
 * {@code batch_to_space(x, block_shape, crops)}: the inverse of {@code space_to_batch}: interleaves groups of
 * {@code bh * bw} batch entries into {@code bh x bw} spatial blocks, then crops ({@code tf.batch_to_space_nd} on
 * NCHW).
 *
 * <p>Inputs: {@code x: tensor<[n, C, H, W], T>}, {@code n} divisible by {@code bh * bw}; {@code block_shape}: const
 * int32 {@code [2]} (bh, bw); {@code crops}: const int32 {@code [2, 2]} ({@code [[top, bottom], [left, right]]}).
 * T: fp16, fp32. Output: {@code [n / (bh * bw), C, H * bh - top - bottom, W * bw - left - right]}. Folds when
 * {@code x} is const.
 */
public final class BatchToSpaceOp extends PickingOp {
    public BatchToSpaceOp() {
        super("batch_to_space", b -> b.tensor("block_shape", DType.INT32).constant()
                .tensor("crops", DType.INT32).constant());
    }

    @Override
    public String summary() {
        return "moves batch entries into spatial blocks, then crops";
    }

    private static Dim grown(Dim d, long block, long crop, String what) {
        Dim g = DimMath.add(DimMath.mul(d, Dim.of(block)), -crop);
        if (g.isKnown() && g.size() < 1) {
            throw new TypeException("crops", "removes " + crop + " of the " + what + " " + (g.size() + crop)
                    + "; at least 1 must remain");
        }
        return g;
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        BlockShape b = BlockShape.read(ctx, "crops");
        TensorType x = ctx.tensor("x");
        Shape s = x.shape();
        if (s.dim(0).isKnown() && s.dim(0).size() % b.blocks() != 0) {
            throw new TypeException("block_shape", "has " + b.blocks() + " positions per block, which does not "
                    + "divide the batch of x (" + s.dim(0) + ")");
        }
        return List.of(x.withShape(Shape.of(DimMath.div(s.dim(0), b.blocks()), s.dim(1),
                grown(s.dim(2), b.bh(), b.top() + b.bottom(), "height"),
                grown(s.dim(3), b.bw(), b.left() + b.right(), "width"))));
    }

    @Override
    protected Picks.Source source(InferenceContext ctx, Shape in, Shape out) {
        BlockShape b = BlockShape.read(ctx, "crops");
        long n = out.dim(0).size();
        return (o, i) -> {
            long h = o[2] + b.top();
            long w = o[3] + b.left();
            i[0] = ((h % b.bh()) * b.bw() + w % b.bw()) * n + o[0];
            i[1] = o[1];
            i[2] = h / b.bh();
            i[3] = w / b.bw();
            return true;
        };
    }
}
