package dev.mil4j.ops.linear;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code linear}: {@code x @ weight^T + bias}, a fully connected layer with constant parameters.
 *
 * <p>Inputs: {@code x: tensor<[*D, D_in], T>} (rank 1 to 3); {@code weight: const tensor<[D_out, D_in], T>};
 * {@code bias: const tensor<[D_out], T>} (optional, zeros). T: fp16, fp32, int32.
 *
 * <p>Output: {@code tensor<[*D, D_out], T>}, the rank of {@code x}. Folds when {@code x} is const.
 *
 * <p>Versions: iOS15; iOS17 gives {@code weight} and {@code bias} their own domain {@code U} (fp16, fp32, int32).
 */
public final class LinearOp extends OpDef {

    private LinearOp(Opset since, String weightVar) {
        super("linear", since, spec(weightVar));
    }

    /** The iOS15 definition. */
    public static LinearOp ios15() {
        return new LinearOp(Opset.IOS15, "T");
    }

    /** The iOS17 definition: {@code weight} and {@code bias} have their own domain {@code U}. */
    public static LinearOp ios17() {
        return new LinearOp(Opset.IOS17, "U");
    }

    private static InputSpec spec(String weightVar) {
        InputSpec.Builder b = InputSpec.builder()
                .tensor("x", "T")
                .tensor("weight", weightVar).constant()
                .tensor("bias", weightVar).constant().optional()
                .domain("T", DType.FP16, DType.FP32, DType.INT32);
        if (!weightVar.equals("T")) {
            b.domain(weightVar, DType.FP16, DType.FP32, DType.INT32);
        }
        return b.build();
    }

    @Override
    public String summary() {
        return "fully connected layer: x @ weight^T + bias";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        TensorType w = ctx.tensor("weight");
        if (x.rank() < 1 || x.rank() > 3) {
            throw new TypeException("x", "must have rank 1 to 3, got " + x);
        }
        if (w.rank() != 2) {
            throw new TypeException("weight", "must have rank 2 ([D_out, D_in]), got " + w);
        }
        Dim in = x.shape().dim(x.rank() - 1);
        Dim wIn = w.shape().dim(1);
        if (in.isKnown() && wIn.isKnown() && in.size() != wIn.size()) {
            throw new TypeException("weight", "has " + wIn + " input features (dim 1), but the last dim of x is "
                    + in);
        }
        Dim out = w.shape().dim(0);
        Optional<TensorType> bias = ctx.optionalTensor("bias");
        if (bias.isPresent()) {
            TensorType b = bias.get();
            if (b.rank() != 1 || !b.shape().dim(0).equals(out)) {
                throw new TypeException("bias", "must have shape [" + out + "] (dim 0 of weight), got " + b.shape());
            }
        }
        return List.of(x.withShape(x.shape().withDim(x.rank() - 1, out)));
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> x = ctx.value("x");
        if (x.isEmpty() || !ctx.allInputsKnown()) {
            return Optional.empty();
        }
        TensorType outType = (TensorType) inferTypes(ctx).get(0);
        TensorValue xv = x.get();
        if (xv.shape().rank() == 1) {
            xv = xv.reshape(Shape.of(1, xv.elementCount()));
        }
        TensorValue product = BatchedMatmul.multiply(xv, false, ctx.constValue("weight"), true, DType.FP64);
        double[] values = product.toDoubleArray();
        Optional<TensorValue> bias = ctx.value("bias");
        if (bias.isPresent()) {
            double[] b = bias.get().toDoubleArray();
            for (int i = 0; i < values.length; i++) {
                values[i] += b[i % b.length];
            }
        }
        return Optional.of(List.of(TensorValue.fromDoubles(outType.dtype(), outType.shape(), values)));
    }
}
