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
 * {@code constexpr_lut_to_dense}: a palettized weight, each element an index into a lookup table (LUT).
 *
 * <p>iOS16 inputs, all const: {@code indices: tensor<uint8>}, the indices packed {@code nbits} each (see
 * {@link PackedBits}); {@code lut: tensor<T>} of {@code 2^nbits} entries, nbits 1, 2, 4, 6 or 8 (in the order
 * coremltools writes them, which is the order their blobs take in the weight file);
 * {@code shape: tensor<uint32>}, the output shape. {@code T} is int8, uint8, fp16, fp32.
 *
 * <p>iOS18 inputs, all const: {@code indices: tensor<IndicesT>} of the output's shape (uint1, 2, 3, 4, 6, 8);
 * {@code lut: tensor<T>} of rank {@code indices.rank + 2}: one table of {@code 2^nbits} palette entries of
 * {@code VECTOR} elements per group of channels ({@code lut.shape[i]} groups along axis {@code i});
 * {@code vector_axis: int32}, optional, the axis a vector palette expands (the output grows by {@code VECTOR} there).
 */
public final class ConstexprLutToDenseOp extends ConstexprOp {
    private static final DType[] VALUE_DTYPES = {DType.INT8, DType.UINT8, DType.FP16, DType.FP32};

    /** The iOS16 definition: one table, packed uint8 indices, an explicit shape. */
    public static ConstexprLutToDenseOp ios16() {
        return new ConstexprLutToDenseOp(Opset.IOS16, InputSpec.builder()
                .tensor("indices", DType.UINT8).constant()
                .tensor("lut", "T").constant()
                .tensor("shape", DType.UINT32).constant()
                .domain("T", VALUE_DTYPES)
                .build());
    }

    /** The iOS18 definition: sub-byte indices, per-group tables and vector palettes. */
    public static ConstexprLutToDenseOp ios18() {
        return new ConstexprLutToDenseOp(Opset.IOS18, InputSpec.builder()
                .tensor("indices", "IndicesT").constant()
                .tensor("lut", "T").constant()
                .scalar("vector_axis", DType.INT32).constant().optional()
                .domain("IndicesT", DType.UINT1, DType.UINT2, DType.UINT3, DType.UINT4, DType.UINT6, DType.UINT8)
                .domain("T", VALUE_DTYPES)
                .build());
    }

    private ConstexprLutToDenseOp(Opset since, InputSpec inputs) {
        super("constexpr_lut_to_dense", since, inputs);
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        return List.of(since() == Opset.IOS16 ? ios16Type(ctx) : palette(ctx).outputType());
    }

    private static Palette palette(InferenceContext ctx) {
        TensorType indices = ctx.tensor("indices");
        return Palette.of(ctx, indices, indices.dtype());
    }

    private static TensorType ios16Type(InferenceContext ctx) {
        TensorType lut = ctx.tensor("lut");
        long[] entries = Blocks.sizes(lut, "lut");
        if (entries.length != 1 || Palette.bitsFor(entries[0]) < 0) {
            throw new TypeException("lut", "must be a vector of 2, 4, 16, 64 or 256 entries, got " + lut.shape());
        }
        Shape shape = Shape.of(ctx.constValue("shape").toLongArray());
        long needed = PackedBits.packedSize(shape.elementCount().orElseThrow(), Palette.bitsFor(entries[0]));
        long[] indices = Blocks.sizes(ctx.tensor("indices"), "indices");
        if (indices.length != 1 || indices[0] != needed) {
            throw new TypeException("indices", "must hold " + needed + " packed bytes for shape " + shape + ", got "
                    + ctx.tensor("indices").shape());
        }
        return new TensorType(lut.dtype(), shape);
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        if (!ctx.allInputsKnown()) {
            return Optional.empty();
        }
        if (since() == Opset.IOS16) {
            TensorType out = ios16Type(ctx);
            TensorValue lut = ctx.constValue("lut");
            int bits = Palette.bitsFor(lut.elementCount());
            long n = out.shape().elementCount().orElseThrow();
            TensorValue indices = TensorValue.wrap(DType.UINT8, out.shape(),
                    PackedBits.unpack(ctx.constValue("indices").buffer(), n, bits, false));
            long[] table = new long[out.rank() + 2];
            java.util.Arrays.fill(table, 1);
            table[out.rank()] = lut.elementCount();
            return Optional.of(List.of(Palette.dense(indices, lut.reshape(Shape.of(table)), -1)));
        }
        Palette p = palette(ctx);
        return Optional.of(List.of(p.dense(ctx.constValue("indices"), ctx.constValue("lut"))));
    }

    @Override
    public String summary() {
        return "a palettized weight: indices into lookup tables, expanded at load time";
    }
}
