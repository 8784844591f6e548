package dev.mil4j.ops.pool;

import dev.mil4j.core.op.Opset;

/**
 * {@code max_pool}: the maximum of each window; 1-d to 3-d. Inputs and output as in {@link PoolingOp}.
 *
 * <p>Versions: iOS15; iOS16 adds {@code pad_type = same_lower}.
 */
public final class MaxPoolOp extends PoolingOp {
    private MaxPoolOp(Opset since) {
        super("max_pool", since, 3, b -> { });
    }

    /** The iOS15 definition. */
    public static MaxPoolOp ios15() {
        return new MaxPoolOp(Opset.IOS15);
    }

    /** The iOS16 definition: adds {@code pad_type = same_lower}. */
    public static MaxPoolOp ios16() {
        return new MaxPoolOp(Opset.IOS16);
    }

    @Override
    public String summary() {
        return "1-d to 3-d max pooling";
    }
}
