package dev.mil4j.ops.activation;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.ops.elementwise.ElementwiseUnaryOp;
import java.util.function.DoubleUnaryOperator;

/**
 * Base of the elementwise activations with const scalar parameters {@code alpha} (and {@code beta}): {@code x} in
 * {@code T} = fp16, fp32; the parameters are required const scalars of dtype {@code T} up to iOS16 and of either float
 * dtype (type domain {@code U}) from iOS17. Output: the shape and dtype of {@code x}.
 */
public abstract class ParametricActivationOp extends ElementwiseUnaryOp {
    protected ParametricActivationOp(String name, Opset since, boolean withBeta) {
        super(name, since, spec(since, withBeta));
    }

    /** The result for one element. {@code beta} is 0 for ops without it. */
    protected abstract double apply(double x, double alpha, double beta);

    @Override
    protected final DoubleUnaryOperator function(InferenceContext ctx) {
        double alpha = scalarParam(ctx, "alpha");
        double beta = inputs().param("beta").isPresent() ? scalarParam(ctx, "beta") : 0;
        return v -> apply(v, alpha, beta);
    }

    private static InputSpec spec(Opset since, boolean withBeta) {
        String paramDomain = since.compareTo(Opset.IOS17) >= 0 ? "U" : "T";
        InputSpec.Builder b = InputSpec.builder()
                .tensor("x", "T")
                .scalar("alpha", paramDomain).constant();
        if (withBeta) {
            b.scalar("beta", paramDomain).constant();
        }
        return b.domain("T", DType.FP16, DType.FP32).domain("U", DType.FP16, DType.FP32).build();
    }
}
