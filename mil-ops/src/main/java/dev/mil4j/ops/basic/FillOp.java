package dev.mil4j.ops.basic;

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
import dev.mil4j.ops.internal.Symbolic;
import dev.mil4j.ops.internal.TensorIndex;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code fill}: a tensor of shape {@code shape} whose elements all equal {@code value}.
 *
 * <p>Inputs: {@code shape}, an int32 vector (its length, the output rank, must be known); {@code value}, an optional
 * const scalar in {@code T} = fp16, fp32, int32, bool (default fp32 0). Output: a tensor of dtype {@code T}; its shape
 * is static when {@code shape} is const, otherwise one fresh symbol per dim (sizes known only at run time, unique to
 * this op, e.g. {@code fill_d0_0}). Value inference runs when {@code shape} is const and the result has at most 2^18
 * elements (1 MiB of 4-byte values).
 */
public final class FillOp extends OpDef {
    public FillOp() {
        super("fill", Opset.IOS15, InputSpec.builder()
                .tensor("shape", DType.INT32)
                .scalar("value", "T").constant().defaultValue(TensorValue.scalar(0f))
                .domain("T", DType.FP16, DType.FP32, DType.INT32, DType.BOOL)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        return List.of(new TensorType(ctx.constValue("value").dtype(), outputShape(ctx)));
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        if (ctx.value("shape").isEmpty()) {
            return Optional.empty();
        }
        Shape shape = outputShape(ctx);
        long n = shape.elementCount().orElseThrow();
        if (n > TensorIndex.MAX_FOLDED_ELEMENTS) {
            return Optional.empty();
        }
        TensorValue value = ctx.constValue("value");
        if (value.dtype().isFloat()) {
            double[] d = new double[(int) n];
            Arrays.fill(d, value.scalarDouble());
            return Optional.of(List.of(TensorValue.fromDoubles(value.dtype(), shape, d)));
        }
        long[] l = new long[(int) n];
        Arrays.fill(l, value.scalarLong());
        return Optional.of(List.of(TensorValue.fromLongs(value.dtype(), shape, l)));
    }

    /** The shape an int32 vector input {@code shape} gives (also {@link RandomOp}'s). */
    static Shape outputShape(InferenceContext ctx) {
        TensorType shapeType = ctx.tensor("shape");
        if (shapeType.rank() != 1) {
            throw new TypeException("shape", "must be a vector, got " + shapeType);
        }
        Optional<TensorValue> known = ctx.value("shape");
        if (known.isPresent()) {
            long[] dims = known.get().toLongArray();
            for (long d : dims) {
                if (d < 0) {
                    throw new TypeException("shape", "holds a negative size " + d);
                }
            }
            return Shape.of(dims);
        }
        Dim rank = shapeType.shape().dim(0);
        if (!rank.isKnown()) {
            throw new TypeException("shape", "must have a known length (the output rank), got " + shapeType);
        }
        Optional<Dim[]> symbolic = Symbolic.shape(ctx, "shape");
        if (symbolic.isPresent() && symbolic.get().length == rank.size()) {
            return Shape.of(symbolic.get());
        }
        Dim[] dims = new Dim[(int) rank.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = ctx.freshSymbol("d" + i);
        }
        return Shape.of(dims);
    }

    @Override
    public String summary() {
        return "tensor of a given shape filled with one value";
    }
}
