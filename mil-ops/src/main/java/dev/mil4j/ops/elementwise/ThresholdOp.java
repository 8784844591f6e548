package dev.mil4j.ops.elementwise;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * {@code threshold}: {@code max(x, alpha)}, elementwise (a lower bound).
 *
 * <p>Inputs: {@code x}, a tensor in {@code T} = fp16, fp32, int32; {@code alpha}, a required const scalar of dtype
 * {@code T}. Output: the shape and dtype of {@code x}.
 */
public final class ThresholdOp extends ElementwiseUnaryOp {
    public ThresholdOp() {
        super("threshold", Opset.IOS15, InputSpec.builder()
                .tensor("x", "T")
                .scalar("alpha", "T").constant()
                .domain("T", DType.FP16, DType.FP32, DType.INT32)
                .build());
    }

    @Override
    protected DoubleUnaryOperator function(InferenceContext ctx) {
        double alpha = scalarParam(ctx, "alpha");
        return v -> Math.max(v, alpha);
    }

    @Override
    protected LongUnaryOperator intFunction(InferenceContext ctx) {
        long alpha = ctx.constLong("alpha");
        return v -> Math.max(v, alpha);
    }

    @Override
    public String summary() {
        return "raises every element below alpha to alpha";
    }
}
