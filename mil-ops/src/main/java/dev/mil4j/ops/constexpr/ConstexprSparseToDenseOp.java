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
 * {@code constexpr_sparse_to_dense}: a pruned weight, its non-zero elements in row-major order and a bit mask of
 * where they are.
 *
 * <p>iOS16 inputs, all const: {@code nonzero_data: tensor<T>} (a vector); {@code mask: tensor<uint8>}, one bit per
 * element packed (see {@link PackedBits}); {@code shape: tensor<uint32>}. iOS18: {@code nonzero_data}, and
 * {@code mask: tensor<uint1>} of the output's shape. {@code T} is int8, uint8, fp16, fp32 (iOS18 adds the sub-byte
 * integers, as the output of a joint compression). The mask must have as many set bits as {@code nonzero_data} has
 * elements.
 */
public final class ConstexprSparseToDenseOp extends ConstexprOp {
    private static final DType[] IOS16_DTYPES = {DType.INT8, DType.UINT8, DType.FP16, DType.FP32};

    /** The iOS16 definition: a packed uint8 mask and an explicit shape. */
    public static ConstexprSparseToDenseOp ios16() {
        return new ConstexprSparseToDenseOp(Opset.IOS16, InputSpec.builder()
                .tensor("nonzero_data", "T").constant()
                .tensor("mask", DType.UINT8).constant()
                .tensor("shape", DType.UINT32).constant()
                .domain("T", IOS16_DTYPES)
                .build());
    }

    /** The iOS18 definition: a uint1 mask of the output's shape. */
    public static ConstexprSparseToDenseOp ios18() {
        return new ConstexprSparseToDenseOp(Opset.IOS18, InputSpec.builder()
                .tensor("nonzero_data", "T").constant()
                .tensor("mask", DType.UINT1).constant()
                .domain("T", DType.INT8, DType.UINT8, DType.FP16, DType.FP32, DType.INT4, DType.UINT1, DType.UINT2,
                        DType.UINT3, DType.UINT4, DType.UINT6)
                .build());
    }

    private ConstexprSparseToDenseOp(Opset since, InputSpec inputs) {
        super("constexpr_sparse_to_dense", since, inputs);
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType data = ctx.tensor("nonzero_data");
        if (data.rank() != 1) {
            throw new TypeException("nonzero_data", "must be a vector, got " + data.shape());
        }
        if (since() == Opset.IOS18) {
            return List.of(ctx.tensor("mask").withDtype(data.dtype()));
        }
        Shape shape = Shape.of(ctx.constValue("shape").toLongArray());
        long needed = PackedBits.packedSize(shape.elementCount().orElseThrow(), 1);
        long[] mask = Blocks.sizes(ctx.tensor("mask"), "mask");
        if (mask.length != 1 || mask[0] != needed) {
            throw new TypeException("mask", "must hold " + needed + " packed bytes for shape " + shape + ", got "
                    + ctx.tensor("mask").shape());
        }
        return List.of(new TensorType(data.dtype(), shape));
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        if (!ctx.allInputsKnown()) {
            return Optional.empty();
        }
        TensorType out = (TensorType) inferTypes(ctx).get(0);
        TensorValue mask = ctx.constValue("mask");
        if (since() == Opset.IOS16) {
            long n = out.shape().elementCount().orElseThrow();
            mask = TensorValue.wrap(DType.UINT1, out.shape(), PackedBits.unpack(mask.buffer(), n, 1, false));
        }
        return Optional.of(List.of(dense(mask, ctx.constValue("nonzero_data"), out)));
    }

    /** Scatters {@code nonzero} (row-major) to the set positions of {@code mask}; zero elsewhere. */
    static TensorValue dense(TensorValue mask, TensorValue nonzero, TensorType out) {
        long n = mask.elementCount();
        long[] values = new long[Math.toIntExact(n)];
        double[] floats = new double[out.dtype().isFloat() ? values.length : 0];
        long k = 0;
        for (int i = 0; i < n; i++) {
            if (mask.getLong(i) != 0) {
                if (k >= nonzero.elementCount()) {
                    throw new TypeException("mask", "has more set bits than nonzero_data's "
                            + nonzero.elementCount() + " elements");
                }
                if (floats.length > 0) {
                    floats[i] = nonzero.getDouble(k++);
                } else {
                    values[i] = nonzero.getLong(k++);
                }
            }
        }
        if (k != nonzero.elementCount()) {
            throw new TypeException("mask", "has " + k + " set bits, but nonzero_data has " + nonzero.elementCount()
                    + " elements");
        }
        return floats.length > 0 ? TensorValue.fromDoubles(out.dtype(), out.shape(), floats)
                : TensorValue.fromLongs(out.dtype(), out.shape(), values);
    }

    @Override
    public String summary() {
        return "a pruned weight: non-zero values and a bit mask, expanded at load time";
    }
}
