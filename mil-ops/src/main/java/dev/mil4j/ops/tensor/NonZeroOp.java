package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code non_zero(x)}: the coordinates of the non-zero elements of {@code x}, one row each, in row-major order.
 *
 * <p>Inputs: {@code x} (fp16, fp32, int32, bool). Output: int32 {@code [N, rank(x)]}, where {@code N} is the count
 * when {@code x} is const and otherwise a fresh symbol unique to this op ({@code non_zero_count_0}). Folds when
 * {@code x} is const.
 */
public final class NonZeroOp extends OpDef {
    public NonZeroOp() {
        super("non_zero", Opset.IOS15, InputSpec.builder()
                .tensor("x", "T")
                .domain("T", Domains.IOS15_DATA)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        Optional<TensorValue> v = ctx.value("x");
        Dim n = v.isPresent() ? Dim.of(count(v.get()))
                : ctx.freshSymbol("count");
        return List.of(TensorType.of(DType.INT32, n, Dim.of(x.rank())));
    }

    private static long count(TensorValue v) {
        long n = 0;
        for (long i = 0; i < v.elementCount(); i++) {
            n += v.getDouble(i) != 0 ? 1 : 0;
        }
        return n;
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        return Values.foldableInput(ctx, "x").map(x -> fold(ctx, x));
    }

    private List<TensorValue> fold(InferenceContext ctx, TensorValue x) {
        long[] shape = x.shape().toLongArray();
        int rank = shape.length;
        int n = Math.toIntExact(count(x));
        int[] out = new int[n * rank];
        long[] idx = new long[rank];
        int row = 0;
        for (long i = 0; i < x.elementCount(); i++) {
            if (x.getDouble(i) != 0) {
                Values.unravel(i, shape, idx);
                for (int k = 0; k < rank; k++) {
                    out[row * rank + k] = Math.toIntExact(idx[k]);
                }
                row++;
            }
        }
        return List.of(TensorValue.ofInts(Shape.of(n, rank), out));
    }

    @Override
    public String summary() {
        return "coordinates of the non-zero elements";
    }
}
