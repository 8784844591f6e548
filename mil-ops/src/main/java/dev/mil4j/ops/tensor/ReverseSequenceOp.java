package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.internal.TensorIndex;
import java.util.List;
import java.util.Optional;

/**
 * {@code reverse_sequence(x, lengths, seq_axis=0, batch_axis=0)}: for each index {@code b} along {@code batch_axis},
 * the first {@code lengths[b]} elements along {@code seq_axis} reversed, the rest unchanged
 * ({@code tf.reverse_sequence}).
 *
 * <p>Inputs: {@code x} (iOS15: fp16, fp32, int32, bool; iOS17 adds int8, int16, uint8, uint16); {@code lengths}, a
 * vector of {@code x.shape[batch_axis]} entries in {@code [0, x.shape[seq_axis]]}, int32 (iOS17: int8, int16, int32);
 * {@code seq_axis} and {@code batch_axis}, const int32, default 0. Output: {@code x}'s type. Folds when {@code x}
 * and {@code lengths} are const.
 */
public final class ReverseSequenceOp extends OpDef {
    /** The iOS15 definition. */
    public static ReverseSequenceOp ios15() {
        return new ReverseSequenceOp(Opset.IOS15);
    }

    /** The iOS17 definition: adds the 8- and 16-bit integer dtypes (for {@code x} and its index inputs). */
    public static ReverseSequenceOp ios17() {
        return new ReverseSequenceOp(Opset.IOS17);
    }

    private ReverseSequenceOp(Opset since) {
        super("reverse_sequence", since, spec(since));
    }

    private static InputSpec spec(Opset since) {
        boolean v17 = since.compareTo(Opset.IOS17) >= 0;
        InputSpec.Builder b = InputSpec.builder().tensor("x", "T");
        if (v17) {
            b.tensor("lengths", "U");
        } else {
            b.tensor("lengths", DType.INT32);
        }
        b.scalar("seq_axis", DType.INT32).constant().defaultValue(TensorValue.scalar(0))
                .scalar("batch_axis", DType.INT32).constant().defaultValue(TensorValue.scalar(0))
                .domain("T", v17 ? Domains.IOS17_DATA : Domains.IOS15_DATA);
        if (v17) {
            b.domain("U", Domains.IOS17_INDEX);
        }
        return b.build();
    }

    @Override
    public String summary() {
        return "reverses the first lengths[b] elements along seq_axis of each batch b";
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        TensorType x = ctx.tensor("x");
        TensorType lengths = ctx.tensor("lengths");
        int seq = Args.axis("seq_axis", ctx.constLong("seq_axis"), x.rank());
        int batch = Args.axis("batch_axis", ctx.constLong("batch_axis"), x.rank());
        if (seq == batch) {
            throw new TypeException("batch_axis", "is dim " + batch + ", the same as seq_axis; they must differ");
        }
        Dim n = x.shape().dim(batch);
        if (lengths.rank() != 1 || n.isKnown() && lengths.shape().dim(0).isKnown()
                && lengths.shape().dim(0).size() != n.size()) {
            throw new TypeException("lengths", "must be a vector of x.shape[batch_axis] = " + n + " entries, got "
                    + lengths);
        }
        Dim s = x.shape().dim(seq);
        ctx.value("lengths").ifPresent(v -> {
            for (long l : v.toLongArray()) {
                if (l < 0 || s.isKnown() && l > s.size()) {
                    throw new TypeException("lengths", "holds " + l + ", out of range [0, " + s + "]");
                }
            }
        });
        return List.of(x);
    }

    @Override
    public Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> xv = ctx.value("x");
        Optional<TensorValue> lv = ctx.value("lengths");
        if (xv.isEmpty() || lv.isEmpty() || !Values.foldable(xv.get().shape())) {
            return Optional.empty();
        }
        inferTypes(ctx);
        TensorValue x = xv.get();
        long[] shape = x.shape().toLongArray();
        int seq = Args.axis("seq_axis", ctx.constLong("seq_axis"), shape.length);
        int batch = Args.axis("batch_axis", ctx.constLong("batch_axis"), shape.length);
        long[] lengths = lv.get().toLongArray();
        long[] strides = TensorIndex.strides(shape);
        long[] idx = new long[shape.length];
        long[] src = new long[Math.toIntExact(x.elementCount())];
        for (int i = 0; i < src.length; i++) {
            Values.unravel(i, shape, idx);
            long len = lengths[(int) idx[batch]];
            long s = 0;
            for (int d = 0; d < shape.length; d++) {
                long at = d == seq && idx[d] < len ? len - 1 - idx[d] : idx[d];
                s += at * strides[d];
            }
            src[i] = s;
        }
        return Optional.of(List.of(Values.take(x, x.shape(), src)));
    }
}
