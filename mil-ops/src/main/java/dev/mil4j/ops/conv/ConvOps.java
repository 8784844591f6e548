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

    /**
     * The number of spatial dims of {@code x}, once {@code x} is known to have 1 to 3 of them and {@code weight} the
     * rank of {@code x}; {@code weightLayout} spells weight's dims for the message.
     */
    static int spatialRank(TensorType x, TensorType weight, String weightLayout) {
        int n = x.rank() - 2;
        if (n < 1 || n > 3) {
            throw new TypeException("x", "must have rank 3 to 5 ([n, C_in, *spatial] with 1 to 3 spatial dims), got "
                    + x);
        }
        if (weight.rank() != x.rank()) {
            throw new TypeException("weight", "must have rank " + x.rank() + " (" + weightLayout + ") like x, got "
                    + weight);
        }
        return n;
    }

    /** The const {@code groups}, once it is known to be positive and to divide the {@code cIn} channels of x. */
    static long groups(InferenceContext ctx, Dim cIn) {
        long groups = ctx.constLong("groups");
        if (groups < 1) {
            throw new TypeException("groups", "must be at least 1, got " + groups);
        }
        if (cIn.isKnown() && cIn.size() % groups != 0) {
            throw new TypeException("groups", "is " + groups + ", which does not divide the " + cIn
                    + " input channels of x");
        }
        return groups;
    }

    /** The extent of spatial kernel dim {@code i} of {@code weight} once dilated: {@code (k - 1) * dilation + 1}. */
    static long dilatedKernel(TensorType weight, int i, long dilation) {
        Dim k = weight.shape().dim(2 + i);
        if (!k.isKnown()) {
            throw new TypeException("weight", "must have known kernel sizes, got " + weight);
        }
        return (k.size() - 1) * dilation + 1;
    }
}
