package dev.mil4j.ops.conv;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import java.util.Optional;

/** Checks shared by {@link ConvOp} and {@link ConvTransposeOp}. */
final class ConvOps {
    private ConvOps() {
    }

    /** An optional {@code bias} must be a vector of {@code cOut} values. */
    static void checkBias(InferenceContext ctx, Dim cOut) {
        Optional<TensorType> bias = ctx.optionalTensor("bias");
        if (bias.isEmpty()) {
            return;
        }
        TensorType b = bias.get();
        if (b.rank() != 1) {
            throw new TypeException("bias", "must be a vector of the " + cOut + " output channels, got " + b);
        }
        Dim len = b.shape().dim(0);
        if (len.isKnown() && cOut.isKnown() && len.size() != cOut.size()) {
            throw new TypeException("bias", "has " + len + " values, but there are " + cOut + " output channels");
        }
    }
}
