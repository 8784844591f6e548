package dev.mil4j.ops.internal;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.SymbolicInt;
import dev.mil4j.core.types.TensorType;
import java.util.List;
import java.util.Optional;

/** Shared pieces of symbolic value inference ({@link dev.mil4j.core.op.OpDef#inferSymbolicValue}). */
public final class Symbolic {
    private Symbolic() {
    }

    /**
     * The symbolic value of input {@code x} unchanged, for ops that only re-type or re-shape a small integer tensor
     * without reordering its elements ({@code identity}, {@code cast} between integer types, {@code expand_dims},
     * {@code squeeze}, {@code reshape}).
     */
    public static Optional<List<SymbolicInt>> passThrough(InferenceContext ctx) {
        if (!(ctx.type("x") instanceof TensorType t) || !t.dtype().isInteger()) {
            return Optional.empty();
        }
        return ctx.symbolicValue("x");
    }

    /**
     * The shape that a shape vector describes, for ops whose output shape is an input ({@code fill}): each element
     * a size or a symbol; empty when the vector is not known symbolically or holds a negative number.
     */
    public static Optional<Dim[]> shape(InferenceContext ctx, String input) {
        Optional<List<SymbolicInt>> v = ctx.symbolicValue(input);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Dim[] dims = new Dim[v.get().size()];
        for (int i = 0; i < dims.length; i++) {
            SymbolicInt e = v.get().get(i);
            if (e.isKnown() && e.value() < 0) {
                return Optional.empty();
            }
            dims[i] = e.toDim();
        }
        return Optional.of(dims);
    }
}
