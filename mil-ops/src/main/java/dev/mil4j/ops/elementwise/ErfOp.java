package dev.mil4j.ops.elementwise;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.DType;
import dev.mil4j.ops.internal.Erf;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code erf}: the Gauss error function of each element of {@code x}.
 *
 * <p>Input {@code x}: a tensor in {@code T} = fp16, fp32. Output: a tensor of the same shape and dtype.
 */
public final class ErfOp extends ElementwiseUnaryOp {
    public ErfOp() {
        super("erf", DType.FP16, DType.FP32);
    }

    @Override
    protected DoubleUnaryOperator function(InferenceContext ctx) {
        return v -> Erf.erf(v);
    }

    @Override
    public String summary() {
        return "Gauss error function of every element";
    }
}
