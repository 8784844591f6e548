package dev.mil4j.ops.pool;

import dev.mil4j.core.op.Opset;

/**
 * {@code l2_pool}: the square root of the sum of squares of each window; 1-d and 2-d only. Inputs and output as in
 * {@link PoolingOp}.
 *
 * <p>Versions: iOS15; iOS16 adds {@code pad_type = same_lower}.
 */
public final class L2PoolOp extends PoolingOp {
    private L2PoolOp(Opset since) {
        super("l2_pool", since, 2, b -> { });
    }

    /** The iOS15 definition. */
    public static L2PoolOp ios15() {
        return new L2PoolOp(Opset.IOS15);
    }

    /** The iOS16 definition: adds {@code pad_type = same_lower}. */
    public static L2PoolOp ios16() {
        return new L2PoolOp(Opset.IOS16);
    }

    @Override
    public String summary() {
        return "1-d and 2-d L2 pooling";
    }
}
