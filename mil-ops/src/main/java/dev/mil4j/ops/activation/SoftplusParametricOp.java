package dev.mil4j.ops.activation;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code softplus_parametric}: {@code alpha[c] * log(1 + e^(beta[c] * x))}, with {@code c} the channel (dim 1) of the
 * element.
 *
 * <p>Inputs: {@code x}, a tensor of rank 3 or more ({@code [B, C, ...]}) in {@code T} = fp16, fp32; {@code alpha} and
 * {@code beta}, required const vectors of length {@code C} (of dtype {@code T} up to iOS16, fp16 or fp32 from iOS17).
 * Output: the shape and dtype of {@code x}.
 */
public final class SoftplusParametricOp extends OpDef {
    /** The iOS15 definition: the parameters have the dtype of {@code x}. */
    public static SoftplusParametricOp ios15() {
        return new SoftplusParametricOp(Opset.IOS15);
    }

    /** The iOS17 definition: the parameters may be fp16 or fp32 whatever the dtype of {@code x}. */
    public static SoftplusParametricOp ios17() {
        return new SoftplusParametricOp(Opset.IOS17);
    }

    private SoftplusParametricOp(Opset since) {
        super("softplus_parametric", since, InputSpec.builder()
                .tensor("x", "T")
                .tensor("alpha", since == Opset.IOS17 ? "U" : "T").constant()
                .tensor("beta", since == Opset.IOS17 ? "U" : "T").constant()
                .domain("T", DType.FP16, DType.FP32)
                .domain("U", DType.FP16, DType.FP32)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        if (x.rank() < 3) {
            throw new TypeException("x", "must have rank 3 or more ([B, C, ...]), got " + x);
        }
        checkPerChannel(ctx, "alpha", x.shape().dim(1));
        checkPerChannel(ctx, "beta", x.shape().dim(1));
        return List.of(x);
    }

    private static void checkPerChannel(InferenceContext ctx, String input, Dim channels) {
        TensorValue v = ctx.constValue(input);
        if (v.shape().rank() != 1) {
            throw new TypeException(input, "must be a vector with one value per channel, got " + v.type());
        }
        if (channels.isKnown() && channels.size() != v.elementCount()) {
            throw new TypeException(input, "has " + v.elementCount() + " values, but `x` has " + channels
                    + " channels (dim 1)");
        }
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> xv = ctx.value("x");
        if (xv.isEmpty()) {
            return Optional.empty();
        }
        TensorValue x = xv.get();
        TensorValue alpha = ctx.constValue("alpha");
        TensorValue beta = ctx.constValue("beta");
        long[] dims = x.shape().toLongArray();
        long inner = 1;
        for (int d = 2; d < dims.length; d++) {
            inner *= dims[d];
        }
        double[] out = new double[Math.toIntExact(x.elementCount())];
        for (int i = 0; i < out.length; i++) {
            long c = (i / inner) % dims[1];
            double z = beta.getDouble(c) * x.getDouble(i);
            out[i] = alpha.getDouble(c) * (Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0));
        }
        return Optional.of(List.of(TensorValue.fromDoubles(x.dtype(), x.shape(), out)));
    }

    @Override
    public String summary() {
        return "softplus with a scale and an input scale per channel";
    }
}
