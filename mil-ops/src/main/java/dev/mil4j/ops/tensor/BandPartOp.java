package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * {@code band_part(x, lower=-1, upper=-1)}: keeps a band around the diagonal of the innermost matrices and zeroes the
 * rest: element {@code (m, n)} stays when {@code (lower < 0 || m - n <= lower) && (upper < 0 || n - m <= upper)}.
 * {@code (0, -1)} keeps the upper triangle, {@code (-1, 0)} the lower, {@code (0, 0)} the diagonal.
 *
 * <p>Inputs: {@code x} of rank at least 2 (fp16, fp32, int32, bool); {@code lower}, {@code upper}: const int32.
 * Output: {@code x}'s type. Folds when {@code x} is const.
 */
public final class BandPartOp extends OpDef {
    public BandPartOp() {
        super("band_part", Opset.IOS15, InputSpec.builder()
                .tensor("x", "T")
                .scalar("lower", DType.INT32).constant().defaultValue(TensorValue.scalar(-1))
                .scalar("upper", DType.INT32).constant().defaultValue(TensorValue.scalar(-1))
                .domain("T", Domains.IOS15_DATA)
                .build());
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        if (x.rank() < 2) {
            throw new TypeException("x", "must have rank at least 2 (a batch of matrices), got " + x);
        }
        return List.of(x);
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        return Values.foldableInput(ctx, "x").map(x -> fold(ctx, x));
    }

    private List<TensorValue> fold(InferenceContext ctx, TensorValue x) {
        inferTypes(ctx);
        long lower = ctx.constLong("lower");
        long upper = ctx.constLong("upper");
        long[] shape = x.shape().toLongArray();
        long rows = shape[shape.length - 2];
        long cols = shape[shape.length - 1];
        long[] src = new long[Math.toIntExact(x.elementCount())];
        for (int i = 0; i < src.length; i++) {
            long m = (i / cols) % rows;
            long n = i % cols;
            boolean keep = (lower < 0 || m - n <= lower) && (upper < 0 || n - m <= upper);
            src[i] = keep ? i : -1;
        }
        TensorValue zero = x.dtype() == DType.BOOL ? TensorValue.scalar(false) : TensorValue.scalar(0);
        return List.of(Values.take(x, x.shape(), src, zero));
    }

    @Override
    public String summary() {
        return "keeps a diagonal band of the innermost matrices, zeroing the rest";
    }
}
