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
 * {@code constexpr_sparse_blockwise_shift_scale} (iOS18): the quantized non-zero elements of a pruned weight,
 * dequantized as {@code constexpr_blockwise_shift_scale} does with the scale of each element's dense position; the
 * outputs feed a {@code constexpr_sparse_to_dense} (joint pruning and quantization).
 *
 * <p>Inputs, all const: {@code data_mask: tensor<uint1>} of the dense shape; {@code nonzero_data: tensor<SrcT>}
 * (int4, uint4, int8, uint8), a vector; {@code scale: tensor<DstT>} (fp16, fp32) of the dense rank; {@code offset},
 * optional, of the shape of {@code scale}. Outputs: the mask, and the dequantized non-zero elements.
 */
public final class ConstexprSparseBlockwiseShiftScaleOp extends ConstexprOp {
    public ConstexprSparseBlockwiseShiftScaleOp() {
        super("constexpr_sparse_blockwise_shift_scale", Opset.IOS18, InputSpec.builder()
                .tensor("data_mask", DType.UINT1).constant()
                .tensor("nonzero_data", "SrcT").constant()
                .tensor("scale", "DstT").constant()
                .tensor("offset", "SrcT").constant().optional()
                .domain("SrcT", DType.INT4, DType.UINT4, DType.INT8, DType.UINT8)
                .domain("DstT", DType.FP16, DType.FP32)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType mask = ctx.tensor("data_mask");
        TensorType data = ctx.tensor("nonzero_data");
        if (data.rank() != 1) {
            throw new TypeException("nonzero_data", "must be a vector, got " + data.shape());
        }
        ConstexprBlockwiseShiftScaleOp.checkTables(ctx, mask);
        return List.of(mask, data.withDtype(ctx.dtype("scale")));
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        if (!ctx.allInputsKnown()) {
            return Optional.empty();
        }
        List<ValueType> types = inferTypes(ctx);
        TensorValue mask = ctx.constValue("data_mask");
        TensorValue data = ctx.constValue("nonzero_data");
        TensorValue scale = ctx.constValue("scale");
        Optional<TensorValue> offset = ctx.value("offset");
        double[] values = new double[Math.toIntExact(data.elementCount())];
        int[] k = {0};
        ConstexprBlockwiseShiftScaleOp.checkTables(ctx, mask.type()).forEach((d, e) -> {
            if (mask.getLong(d) != 0) {
                if (k[0] >= values.length) {
                    throw new TypeException("data_mask", "has more set bits than nonzero_data's " + values.length
                            + " elements");
                }
                double z = offset.map(o -> o.getDouble(e)).orElse(0.0);
                values[k[0]] = (data.getDouble(k[0]) - z) * scale.getDouble(e);
                k[0]++;
            }
        });
        TensorType out = (TensorType) types.get(1);
        return Optional.of(List.of(mask, TensorValue.fromDoubles(out.dtype(), out.shape(), values)));
    }

    @Override
    public String summary() {
        return "the quantized non-zero elements of a pruned weight, dequantized at load time";
    }
}
