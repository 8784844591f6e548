package dev.mil4j.ops.pool;

import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;

/**
 * {@code avg_pool}: the mean of each window; 1-d to 3-d. Inputs and output as in {@link PoolingOp}, plus
 * {@code exclude_padding_from_average: const bool} (default false: padded zeros count in the denominator).
 *
 * <p>Versions: iOS15; iOS16 adds {@code pad_type = same_lower}.
 */
public final class AvgPoolOp extends PoolingOp {
    private AvgPoolOp(Opset since) {
        super("avg_pool", since, 3, b -> b.scalar("exclude_padding_from_average", DType.BOOL).constant()
                .defaultValue(TensorValue.scalar(false)));
    }

    /** The iOS15 definition. */
    public static AvgPoolOp ios15() {
        return new AvgPoolOp(Opset.IOS15);
    }

    /** The iOS16 definition: adds {@code pad_type = same_lower}. */
    public static AvgPoolOp ios16() {
        return new AvgPoolOp(Opset.IOS16);
    }

    @Override
    public String summary() {
        return "1-d to 3-d average pooling";
    }
}
