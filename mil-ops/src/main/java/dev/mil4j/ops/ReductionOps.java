package dev.mil4j.ops;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;

/**
 * Typed builder helpers for the reduction ops (package {@code dev.mil4j.ops.reduction}): one static method per op;
 * axes are int32 vectors.
 *
 * <pre>{@code
 * Var m = ReductionOps.reduceMean(b, y, new int[] {-1}, true);
 * }</pre>
 */
public final class ReductionOps {
    private ReductionOps() {
    }

    /** {@code reduce_sum(x, axes, keep_dims)}. */
    public static Var reduceSum(Builder b, Var x, int[] axes, boolean keepDims) {
        return reduce(b, "reduce_sum", x, axes, keepDims);
    }

    /** {@code reduce_mean(x, axes, keep_dims)}. */
    public static Var reduceMean(Builder b, Var x, int[] axes, boolean keepDims) {
        return reduce(b, "reduce_mean", x, axes, keepDims);
    }

    /** {@code reduce_max(x, axes, keep_dims)}. */
    public static Var reduceMax(Builder b, Var x, int[] axes, boolean keepDims) {
        return reduce(b, "reduce_max", x, axes, keepDims);
    }

    /** {@code reduce_min(x, axes, keep_dims)}. */
    public static Var reduceMin(Builder b, Var x, int[] axes, boolean keepDims) {
        return reduce(b, "reduce_min", x, axes, keepDims);
    }

    /** {@code reduce_prod(x, axes, keep_dims)}. */
    public static Var reduceProd(Builder b, Var x, int[] axes, boolean keepDims) {
        return reduce(b, "reduce_prod", x, axes, keepDims);
    }

    /** {@code reduce_l1_norm(x, axes, keep_dims)}. */
    public static Var reduceL1Norm(Builder b, Var x, int[] axes, boolean keepDims) {
        return reduce(b, "reduce_l1_norm", x, axes, keepDims);
    }

    /** {@code reduce_l2_norm(x, axes, keep_dims)}. */
    public static Var reduceL2Norm(Builder b, Var x, int[] axes, boolean keepDims) {
        return reduce(b, "reduce_l2_norm", x, axes, keepDims);
    }

    /** {@code reduce_sum_square(x, axes, keep_dims)}. */
    public static Var reduceSumSquare(Builder b, Var x, int[] axes, boolean keepDims) {
        return reduce(b, "reduce_sum_square", x, axes, keepDims);
    }

    /** {@code reduce_log_sum(x, axes, keep_dims)}. */
    public static Var reduceLogSum(Builder b, Var x, int[] axes, boolean keepDims) {
        return reduce(b, "reduce_log_sum", x, axes, keepDims);
    }

    /** {@code reduce_log_sum_exp(x, axes, keep_dims)}. */
    public static Var reduceLogSumExp(Builder b, Var x, int[] axes, boolean keepDims) {
        return reduce(b, "reduce_log_sum_exp", x, axes, keepDims);
    }

    /** {@code reduce_argmax(x, axis, keep_dims)}: int32 indices. */
    public static Var reduceArgmax(Builder b, Var x, int axis, boolean keepDims) {
        return b.op("reduce_argmax").input("x", x).input("axis", TensorValue.scalar(axis))
                .input("keep_dims", TensorValue.scalar(keepDims)).output();
    }

    /** {@code reduce_argmin(x, axis, keep_dims)}: int32 indices. */
    public static Var reduceArgmin(Builder b, Var x, int axis, boolean keepDims) {
        return b.op("reduce_argmin").input("x", x).input("axis", TensorValue.scalar(axis))
                .input("keep_dims", TensorValue.scalar(keepDims)).output();
    }

    private static Var reduce(Builder b, String op, Var x, int[] axes, boolean keepDims) {
        return b.op(op).input("x", x).input("axes", TensorValue.vector(axes.clone()))
                .input("keep_dims", TensorValue.scalar(keepDims)).output();
    }

    /**
     * The reduction {@code op} (such as {@code reduce_sum}) of {@code x} over {@code axes}, or over every dim when none
     * are given; for translations that pick the reduction from a table of source ops. {@code keep_dims} is bound
     * before {@code axes}.
     */
    public static Var reduce(Builder b, String op, Var x, boolean keepDims, int... axes) {
        Builder.OpBuilder reduce = b.op(op).input("x", x).input("keep_dims", TensorValue.scalar(keepDims));
        return (axes.length == 0 ? reduce : reduce.input("axes", TensorValue.vector(axes.clone()))).output();
    }
}
