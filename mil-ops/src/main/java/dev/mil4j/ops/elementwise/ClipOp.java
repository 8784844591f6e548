package dev.mil4j.ops.elementwise;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.ops.internal.TensorIndex;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code clip}: {@code min(max(x, alpha), beta)}, elementwise.
 *
 * <p>Inputs: {@code x}, a tensor in {@code T} = fp16, fp32; {@code alpha} and {@code beta}, required const scalars of
 * dtype {@code T}. Output: the shape and dtype of {@code x}. The iOS17 version also requires {@code alpha < beta}.
 */
public final class ClipOp extends ElementwiseUnaryOp {
    /** The iOS15 definition. */
    public static ClipOp ios15() {
        return new ClipOp(Opset.IOS15);
    }

    /** The iOS17 definition: also requires {@code alpha < beta}. */
    public static ClipOp ios17() {
        return new ClipOp(Opset.IOS17);
    }

    private ClipOp(Opset since) {
        super("clip", since, InputSpec.builder()
                .tensor("x", "T")
                .scalar("alpha", "T").constant()
                .scalar("beta", "T").constant()
                .domain("T", DType.FP16, DType.FP32)
                .build());
    }

    @Override
    protected void checkInputs(InferenceContext ctx, TensorType x) {
        double alpha = scalarParam(ctx, "alpha");
        double beta = scalarParam(ctx, "beta");
        if (since() == Opset.IOS17 && !(alpha < beta)) {
            throw new TypeException("alpha", "is " + TensorIndex.format(alpha) + ", but must be smaller than `beta` ("
                    + TensorIndex.format(beta) + ")");
        }
    }

    @Override
    protected DoubleUnaryOperator function(InferenceContext ctx) {
        double alpha = scalarParam(ctx, "alpha");
        double beta = scalarParam(ctx, "beta");
        return v -> Math.min(Math.max(v, alpha), beta);
    }

    @Override
    public String summary() {
        return "clamps every element to [alpha, beta]";
    }
}
