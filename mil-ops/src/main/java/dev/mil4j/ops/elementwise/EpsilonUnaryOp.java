package dev.mil4j.ops.elementwise;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.util.function.DoubleUnaryOperator;

/**
 * Base of the unary ops stabilized by a small constant added to {@code x} first ({@code inverse}, {@code log},
 * {@code rsqrt}). Inputs: {@code x} in {@code T} = fp16, fp32; {@code epsilon}, an optional const scalar. Up to iOS16
 * {@code epsilon} has the dtype of {@code x} (its default is rounded to that dtype); from iOS17 it may have either
 * float dtype (type domain {@code U}). Output: the shape and dtype of {@code x}.
 */
public abstract class EpsilonUnaryOp extends ElementwiseUnaryOp {
    protected EpsilonUnaryOp(String name, Opset since, double defaultEpsilon) {
        super(name, since, spec(since, defaultEpsilon));
    }

    /** The result for one element, given epsilon. */
    protected abstract double apply(double x, double epsilon);

    @Override
    protected final DoubleUnaryOperator function(InferenceContext ctx) {
        double eps = scalarParam(ctx, "epsilon");
        return v -> apply(v, eps);
    }

    private static InputSpec spec(Opset since, double defaultEpsilon) {
        boolean separate = since.compareTo(Opset.IOS17) >= 0;
        return InputSpec.builder()
                .tensor("x", "T")
                .scalar("epsilon", separate ? "U" : "T").constant()
                .defaultFrom(ctx -> TensorValue.fromDoubles(separate ? DType.FP32 : ctx.dtype("x"), Shape.scalar(),
                        defaultEpsilon))
                .domain("T", DType.FP16, DType.FP32)
                .domain("U", DType.FP16, DType.FP32)
                .build();
    }
}
