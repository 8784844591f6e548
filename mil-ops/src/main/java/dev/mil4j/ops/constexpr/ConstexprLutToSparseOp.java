package dev.mil4j.ops.constexpr;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code constexpr_lut_to_sparse} (iOS18): the palettized non-zero elements of a pruned weight, each looked up in
 * the table of its dense position's group; the outputs feed a {@code constexpr_sparse_to_dense} (joint pruning and
 * palettization).
 *
 * <p>Inputs, all const: {@code indices_mask: tensor<uint1>} of the dense shape; {@code indices_nonzero_data:
 * tensor<IndicesT>} (uint1, 2, 3, 4, 6, 8), a vector; {@code lut: tensor<T>} as in the iOS18
 * {@code constexpr_lut_to_dense}; {@code vector_axis}, optional. Outputs: the mask and the non-zero values. mil4j
 * decompresses scalar palettes only (a vector palette is refused with a message).
 */
public final class ConstexprLutToSparseOp extends ConstexprOp {
    public ConstexprLutToSparseOp() {
        super("constexpr_lut_to_sparse", Opset.IOS18, InputSpec.builder()
                .tensor("indices_mask", DType.UINT1).constant()
                .tensor("indices_nonzero_data", "IndicesT").constant()
                .tensor("lut", "T").constant()
                .scalar("vector_axis", DType.INT32).constant().optional()
                .domain("IndicesT", DType.UINT1, DType.UINT2, DType.UINT3, DType.UINT4, DType.UINT6, DType.UINT8)
                .domain("T", DType.INT8, DType.UINT8, DType.FP16, DType.FP32)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType mask = ctx.tensor("indices_mask");
        TensorType data = ctx.tensor("indices_nonzero_data");
        if (data.rank() != 1) {
            throw new TypeException("indices_nonzero_data", "must be a vector, got " + data.shape());
        }
        Palette p = Palette.of(ctx, mask, data.dtype());
        if (p.vector() > 1) {
            throw new TypeException("lut", "holds vector palettes of " + p.vector() + " elements; mil4j reads"
                    + " constexpr_lut_to_sparse with scalar palettes only");
        }
        return List.of(mask, new TensorType(ctx.dtype("lut"), data.shape()));
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        if (!ctx.allInputsKnown()) {
            return Optional.empty();
        }
        TensorType out = (TensorType) inferTypes(ctx).get(1);
        TensorValue mask = ctx.constValue("indices_mask");
        TensorValue indices = ctx.constValue("indices_nonzero_data");
        TensorValue lut = ctx.constValue("lut");
        long[] l = lut.shape().toLongArray();
        long entries = l[mask.type().rank()];
        double[] values = new double[Math.toIntExact(indices.elementCount())];
        int[] k = {0};
        Blocks.of(mask.shape(), l, "lut").forEach((d, e) -> {
            if (mask.getLong(d) != 0) {
                if (k[0] >= values.length) {
                    throw new TypeException("indices_mask", "has more set bits than indices_nonzero_data's "
                            + values.length + " elements");
                }
                values[k[0]] = lut.getDouble(e * entries + indices.getLong(k[0]));
                k[0]++;
            }
        });
        return Optional.of(List.of(mask, TensorValue.fromDoubles(out.dtype(), Shape.of(values.length), values)));
    }

    @Override
    public String summary() {
        return "the palettized non-zero elements of a pruned weight, looked up at load time";
    }
}
