package dev.mil4j.ops.passes;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import java.util.Optional;

/**
 * A {@code conv} or {@code conv_transpose} whose bias or weights a fusion may change: its output channel count
 * (static), its current bias as values (zeros when absent; empty when the bias is not const), and where its weight
 * holds the output channels ({@code conv}: dim 0; {@code conv_transpose} with one group: dim 1).
 */
record ConvLike(Operation op, int channels, double[] bias, DType paramType) {

    /** The conv-like producer of {@code v} when {@code v} has no other user. */
    static Optional<ConvLike> producing(Var v) {
        if (!Patterns.onlyUse(v)) {
            return Optional.empty();
        }
        return v.producer().filter(p -> p.type().equals("conv") || p.type().equals("conv_transpose"))
                .flatMap(ConvLike::of);
    }

    static Optional<ConvLike> of(Operation op) {
        TensorType out = op.output().tensorType();
        Dim c = out.shape().dim(1);
        if (!c.isKnown() || c.size() > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        int channels = (int) c.size();
        Optional<Var> bias = op.input("bias");
        if (bias.isPresent() && !bias.get().isConst()) {
            return Optional.empty();
        }
        DType paramType = op.requireInput("weight").tensorType().dtype();
        double[] b = ConstMath.orFill(bias.flatMap(Var::value), channels, 0);
        return Optional.of(new ConvLike(op, channels, b, paramType));
    }

    int rank() {
        return op.output().tensorType().rank();
    }

    /** The const weight, when it is const. */
    Optional<TensorValue> constWeight() {
        return op.requireInput("weight").value();
    }

    /** The weight dim holding the output channels, when scaling per output channel is a per-dim scaling. */
    Optional<Integer> outputChannelAxis() {
        if (op.type().equals("conv")) {
            return Optional.of(0);
        }
        return op.inferenceContext().constLong("groups") == 1 ? Optional.of(1) : Optional.empty();
    }
}
