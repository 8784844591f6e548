package dev.mil4j.core.ir;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.types.SymbolicInt;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.List;
import java.util.Optional;

/**
 * Folding through symbolic values: an op whose value is unknown but whose symbolic value has no symbol left is a
 * constant. {@code gather(shape(x), 2)} for {@code x: fp32[B, 6, 96]} is {@code 96} although {@code shape(x)} is not
 * const; exporters compute slice bounds and reshape targets this way.
 */
public final class SymbolicFolding {
    private SymbolicFolding() {
    }

    /**
     * Whether an op with these output types could fold this way: one output, an integer tensor of rank 0 or 1 and
     * static length. Callers check it before making an inference context, so other ops cost nothing.
     */
    public static boolean applies(List<ValueType> types) {
        return types.size() == 1 && types.get(0) instanceof TensorType t && t.dtype().isInteger() && t.rank() <= 1
                && t.shape().isStatic();
    }

    /**
     * The value of the op's only output when its symbolic value is fully known; empty otherwise (see
     * {@link #applies}, or a symbol in the value).
     */
    public static Optional<List<TensorValue>> value(OpDef def, List<ValueType> types, InferenceContext ctx) {
        if (!applies(types)) {
            return Optional.empty();
        }
        TensorType t = (TensorType) types.get(0);
        Optional<List<SymbolicInt>> symbolic;
        try {
            symbolic = def.inferSymbolicValue(ctx);
        } catch (TypeException e) {
            return Optional.empty();
        }
        long count = t.shape().elementCount().orElse(-1);
        if (symbolic.isEmpty() || symbolic.get().size() != count) {
            return Optional.empty();
        }
        long[] values = new long[(int) count];
        for (int i = 0; i < values.length; i++) {
            SymbolicInt e = symbolic.get().get(i);
            if (!e.isKnown()) {
                return Optional.empty();
            }
            values[i] = e.value();
        }
        return Optional.of(List.of(TensorValue.fromLongs(t.dtype(), t.shape(), values)));
    }
}
