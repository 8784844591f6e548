package dev.mil4j.ops.constexpr;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorFiller;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code constexpr_affine_dequantize} (iOS16): {@code (quantized_data - zero_point) * scale}, the linear
 * quantization of a weight to 8 bits, per tensor or per channel along {@code axis}.
 *
 * <p>Inputs, all const: {@code quantized_data: tensor<SrcT>} (int8, uint8); {@code zero_point: tensor<SrcT>} and
 * {@code scale: tensor<DstT>} (fp16, fp32), each a scalar, or a vector of one entry or of
 * {@code quantized_data.shape[axis]} entries; {@code axis: int32}. Output: {@code tensor<DstT>} of the shape of
 * {@code quantized_data}.
 */
public final class ConstexprAffineDequantizeOp extends ConstexprOp {
    public ConstexprAffineDequantizeOp() {
        super("constexpr_affine_dequantize", Opset.IOS16, InputSpec.builder()
                .tensor("quantized_data", "SrcT").constant()
                .tensor("zero_point", "SrcT").constant()
                .tensor("scale", "DstT").constant()
                .scalar("axis", DType.INT32).constant()
                .domain("SrcT", DType.INT8, DType.UINT8)
                .domain("DstT", DType.FP16, DType.FP32)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType data = ctx.tensor("quantized_data");
        long[] sizes = Blocks.sizes(data, "quantized_data");
        long axis = ctx.constLong("axis");
        if (axis < -sizes.length || axis >= sizes.length) {
            throw new TypeException("axis", "is " + axis + ", outside the rank " + sizes.length + " of quantized_data");
        }
        long channels = sizes[(int) (axis < 0 ? axis + sizes.length : axis)];
        checkParameter(ctx.tensor("zero_point"), channels, "zero_point");
        checkParameter(ctx.tensor("scale"), channels, "scale");
        return List.of(data.withDtype(ctx.dtype("scale")));
    }

    private static void checkParameter(TensorType t, long channels, String input) {
        long[] s = Blocks.sizes(t, input);
        if (s.length > 1 || (s.length == 1 && s[0] != 1 && s[0] != channels)) {
            throw new TypeException(input, "must be a scalar or a vector of 1 or " + channels + " entries, got "
                    + t.shape());
        }
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        if (!ctx.allInputsKnown()) {
            return Optional.empty();
        }
        TensorType out = (TensorType) inferTypes(ctx).get(0);
        TensorValue data = ctx.constValue("quantized_data");
        TensorValue zero = ctx.constValue("zero_point");
        TensorValue scale = ctx.constValue("scale");
        long[] sizes = out.shape().toLongArray();
        int axis = out.shape().normalizeAxis(ctx.constLong("axis"));
        long inner = 1;
        for (int i = axis + 1; i < sizes.length; i++) {
            inner *= sizes[i];
        }
        long channels = sizes[axis];
        TensorFiller f = TensorValue.filler(out.dtype(), out.shape());
        long n = data.elementCount();
        for (long i = 0; i < n; i++) {
            long c = (i / inner) % channels;
            long z = zero.getLong(zero.elementCount() == 1 ? 0 : c);
            double s = scale.getDouble(scale.elementCount() == 1 ? 0 : c);
            f.putDouble((data.getLong(i) - z) * s);
        }
        return Optional.of(List.of(f.build()));
    }

    @Override
    public String summary() {
        return "a weight linearly quantized to 8 bits, dequantized at load time";
    }
}
