package dev.mil4j.ops.image;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.value.TensorValue;

/** The const parameters of {@code space_to_batch} and {@code batch_to_space}: block shape and per-edge amounts. */
record BlockShape(long bh, long bw, long top, long bottom, long left, long right) {
    static BlockShape read(InferenceContext ctx, String amounts) {
        TensorType x = ctx.tensor("x");
        if (x.rank() != 4) {
            throw new TypeException("x", "must have rank 4 ([n, C, H, W]), got " + x);
        }
        long[] block = ctx.constValue("block_shape").toLongArray();
        if (ctx.constValue("block_shape").shape().rank() != 1 || block.length != 2 || block[0] < 1 || block[1] < 1) {
            throw new TypeException("block_shape", "must hold 2 positive sizes (height, width), got "
                    + java.util.Arrays.toString(block));
        }
        TensorValue a = ctx.constValue(amounts);
        long[] e = a.toLongArray();
        if (a.shape().rank() != 2 || e.length != 4 || e[0] < 0 || e[1] < 0 || e[2] < 0 || e[3] < 0) {
            throw new TypeException(amounts, "must have shape [2, 2] with non-negative amounts "
                    + "([[top, bottom], [left, right]]), got " + a.type() + " " + java.util.Arrays.toString(e));
        }
        return new BlockShape(block[0], block[1], e[0], e[1], e[2], e[3]);
    }

    long blocks() {
        return bh * bw;
    }
}
