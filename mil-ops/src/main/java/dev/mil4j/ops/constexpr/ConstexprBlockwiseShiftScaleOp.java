package dev.mil4j.ops.constexpr;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code constexpr_blockwise_shift_scale} (iOS18): {@code scale * (data - offset)}, linear quantization per tensor,
 * per channel or per block: {@code scale} (and {@code offset}) have the rank of {@code data}, and each entry covers
 * a block of {@code data.shape[i] / scale.shape[i]} elements along axis {@code i}.
 *
 * <p>Inputs, all const: {@code data: tensor<SrcT>} (int4, uint4, int8, uint8, fp16, fp32); {@code scale:
 * tensor<DstT>} (fp16, fp32); {@code offset: tensor<OffsetT>}, optional, of the shape of {@code scale}. Output:
 * {@code tensor<DstT>} of the shape of {@code data}.
 */
public final class ConstexprBlockwiseShiftScaleOp extends ConstexprOp {
    public ConstexprBlockwiseShiftScaleOp() {
        super("constexpr_blockwise_shift_scale", Opset.IOS18, InputSpec.builder()
                .tensor("data", "SrcT").constant()
                .tensor("scale", "DstT").constant()
                .tensor("offset", "OffsetT").constant().optional()
                .domain("SrcT", DType.INT4, DType.UINT4, DType.INT8, DType.UINT8, DType.FP16, DType.FP32)
                .domain("DstT", DType.FP16, DType.FP32)
                .domain("OffsetT", DType.INT4, DType.UINT4, DType.INT8, DType.UINT8, DType.FP16, DType.FP32)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType data = ctx.tensor("data");
        checkTables(ctx, data);
        return List.of(data.withDtype(ctx.dtype("scale")));
    }

    /** Checks that {@code scale} and {@code offset} divide {@code dense} into blocks. */
    static Blocks checkTables(InferenceContext ctx, TensorType dense) {
        TensorType scale = ctx.tensor("scale");
        long[] s = Blocks.sizes(scale, "scale");
        if (s.length != dense.rank()) {
            throw new TypeException("scale", "must have rank " + dense.rank() + ", got " + scale.shape());
        }
        Blocks.sizes(dense, "data");
        Blocks blocks = Blocks.of(dense.shape(), s, "scale");
        ctx.optionalTensor("offset").ifPresent(o -> {
            if (!o.shape().equals(scale.shape())) {
                throw new TypeException("offset", "must have the shape of scale " + scale.shape() + ", got "
                        + o.shape());
            }
        });
        return blocks;
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        if (!ctx.allInputsKnown()) {
            return Optional.empty();
        }
        TensorType out = (TensorType) inferTypes(ctx).get(0);
        TensorValue data = ctx.constValue("data");
        TensorValue scale = ctx.constValue("scale");
        Optional<TensorValue> offset = ctx.value("offset");
        double[] values = new double[Math.toIntExact(data.elementCount())];
        checkTables(ctx, out).forEach((d, e) -> values[d] =
                (data.getDouble(d) - offset.map(o -> o.getDouble(e)).orElse(0.0)) * scale.getDouble(e));
        return Optional.of(List.of(TensorValue.fromDoubles(out.dtype(), out.shape(), values)));
    }

    @Override
    public String summary() {
        return "a weight quantized per tensor, channel or block, dequantized at load time";
    }
}
