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
 * {@code prelu}: {@code x} where {@code x > 0}, else {@code alpha[c] * x}, with {@code c} the channel (dim 1) of the
 * element.
 *
 * <p>Inputs: {@code x}, a tensor of rank 3, 4 or 5 ({@code [B, C, ...]}) in {@code T} = fp16, fp32; {@code alpha}, a
 * required const vector of length {@code C} (of dtype {@code T} up to iOS16, fp16 or fp32 from iOS17). For rank 3
 * and 5 inputs all values of {@code alpha} must be the same. Output: the shape and dtype of {@code x}.
 */
public final class PreluOp extends OpDef {
    /** The iOS15 definition: the parameters have the dtype of {@code x}. */
    public static PreluOp ios15() {
        return new PreluOp(Opset.IOS15);
    }

    /** The iOS17 definition: the parameters may be fp16 or fp32 whatever the dtype of {@code x}. */
    public static PreluOp ios17() {
        return new PreluOp(Opset.IOS17);
    }

    private PreluOp(Opset since) {
        super("prelu", since, InputSpec.builder()
                .tensor("x", "T")
                .tensor("alpha", since == Opset.IOS17 ? "U" : "T").constant()
                .domain("T", DType.FP16, DType.FP32)
                .domain("U", DType.FP16, DType.FP32)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        TensorValue alpha = ctx.constValue("alpha");
        if (x.rank() < 3 || x.rank() > 5) {
            throw new TypeException("x", "must have rank 3, 4 or 5 ([B, C, ...]), got " + x);
        }
        if (alpha.shape().rank() != 1) {
            throw new TypeException("alpha", "must be a vector with one value per channel, got " + alpha.type());
        }
        Dim channels = x.shape().dim(1);
        if (channels.isKnown() && channels.size() != alpha.elementCount()) {
            throw new TypeException("alpha", "has " + alpha.elementCount() + " values, but `x` has " + channels
                    + " channels (dim 1)");
        }
        if (x.rank() != 4) {
            for (long i = 1; i < alpha.elementCount(); i++) {
                if (Math.abs(alpha.getDouble(i) - alpha.getDouble(0)) > 1e-5) {
                    throw new TypeException("alpha", "must hold one repeated value for a rank " + x.rank()
                            + " `x`, got different values");
                }
            }
        }
        return List.of(x);
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> xv = ctx.value("x");
        if (xv.isEmpty()) {
            return Optional.empty();
        }
        TensorValue x = xv.get();
        TensorValue alpha = ctx.constValue("alpha");
        long[] dims = x.shape().toLongArray();
        long inner = 1;
        for (int d = 2; d < dims.length; d++) {
            inner *= dims[d];
        }
        double[] out = new double[Math.toIntExact(x.elementCount())];
        for (int i = 0; i < out.length; i++) {
            double v = x.getDouble(i);
            out[i] = v > 0 ? v : alpha.getDouble((i / inner) % dims[1]) * v;
        }
        return Optional.of(List.of(TensorValue.fromDoubles(x.dtype(), x.shape(), out)));
    }

    @Override
    public String summary() {
        return "ReLU with a learned slope per channel for negative values";
    }
}
