package dev.mil4j.ops.reduction;

import dev.mil4j.core.op.Opset;

/**
 * {@code reduce_argmax}: the index of the maximum of {@code x} along {@code axis} (the first one on ties).
 *
 * <p>Inputs: {@code x} (rank 1 or more; fp16, fp32 or int32), {@code axis} (optional const int32, default -1),
 * {@code keep_dims} (optional const bool, default false) and, from iOS17, {@code output_dtype} (optional const string,
 * {@code int32} or {@code uint16}); see {@link ArgReductionOp}. Output: int32 (or {@code output_dtype}) indices.
 */
public final class ReduceArgmaxOp extends ArgReductionOp {
    /** The iOS15 definition: int32 indices. */
    public static ReduceArgmaxOp ios15() {
        return new ReduceArgmaxOp(Opset.IOS15);
    }

    /** The iOS17 definition: adds {@code output_dtype}. */
    public static ReduceArgmaxOp ios17() {
        return new ReduceArgmaxOp(Opset.IOS17);
    }

    private ReduceArgmaxOp(Opset since) {
        super("reduce_argmax", since);
    }

    @Override
    protected boolean better(double candidate, double best) {
        return candidate > best;
    }

    @Override
    public String summary() {
        return "index of the largest element along one axis";
    }
}
