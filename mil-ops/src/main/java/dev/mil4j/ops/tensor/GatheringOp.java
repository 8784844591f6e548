package dev.mil4j.ops.tensor;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Base of {@code gather} and {@code gather_nd}, which pick slices of {@code x} by {@code indices} and share their
 * versions: {@code indices} int32 (iOS16: int16, int32, uint16); iOS16 adds {@code batch_dims}, iOS17
 * {@code validate_indices} and accepts only non-negative indices. Both fold when {@code x} and {@code indices} are
 * const, each output element copied from the element of {@code x} that {@link #sources} names.
 */
abstract class GatheringOp extends OpDef {
    private final Opset version;

    /** {@code between} adds the inputs that stand between {@code indices} and {@code batch_dims}. */
    protected GatheringOp(String name, Opset since, Consumer<InputSpec.Builder> between) {
        super(name, since, spec(since, between));
        this.version = since;
    }

    private static InputSpec spec(Opset since, Consumer<InputSpec.Builder> between) {
        InputSpec.Builder b = InputSpec.builder().tensor("x", "T");
        if (since.compareTo(Opset.IOS16) < 0) {
            b.tensor("indices", DType.INT32);
        } else {
            b.tensor("indices", DType.INT16, DType.INT32, DType.UINT16);
        }
        between.accept(b);
        if (since.compareTo(Opset.IOS16) >= 0) {
            b.scalar("batch_dims", DType.INT32).constant().defaultValue(TensorValue.scalar(0));
        }
        return Scatters.withValidate(since, b).domain("T", Domains.IOS15_NUMERIC).build();
    }

    /** The leading dims {@code x} and {@code indices} share (0 before iOS16). */
    protected final int batchDims(InferenceContext ctx) {
        return version.compareTo(Opset.IOS16) >= 0 ? Math.toIntExact(ctx.constLong("batch_dims")) : 0;
    }

    /** Whether const indices are checked when types are inferred (iOS17's {@code validate_indices}). */
    protected final boolean validatesIndices(InferenceContext ctx) {
        return version.compareTo(Opset.IOS17) >= 0 && ctx.constBoolean("validate_indices");
    }

    /** Whether an index may count from the end ({@code -n <= i < n}): before iOS17. */
    protected final boolean allowsNegativeIndices() {
        return version.compareTo(Opset.IOS17) < 0;
    }

    /**
     * An index {@code v} must address one of the {@code n} entries of a dim ({@code -n <= v < n} when negative indices
     * count from the end); {@code where} names the dim in the message, or is empty.
     */
    static void checkIndex(long v, long n, boolean allowNegative, String where) {
        long lo = allowNegative ? -n : 0;
        if (v < lo || v >= n) {
            throw new TypeException("indices", "holds " + v + where + ", out of range [" + lo + ", " + n + ")");
        }
    }

    /**
     * For each element of the output (shape {@code out}, static), the flat index in {@code x} it copies; checks the
     * indices first.
     */
    protected abstract long[] sources(InferenceContext ctx, TensorValue x, TensorValue indices, Shape out);

    @Override
    public final Optional<List<TensorValue>> inferValues(InferenceContext ctx) {
        Optional<TensorValue> x = ctx.value("x");
        Optional<TensorValue> indices = ctx.value("indices");
        if (x.isEmpty() || indices.isEmpty()) {
            return Optional.empty();
        }
        Shape out = ((TensorType) inferTypes(ctx).get(0)).shape();
        if (!Values.foldable(out)) {
            return Optional.empty();
        }
        return Optional.of(List.of(Values.take(x.get(), out, sources(ctx, x.get(), indices.get(), out))));
    }
}
