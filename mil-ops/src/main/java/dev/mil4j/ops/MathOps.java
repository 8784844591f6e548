package dev.mil4j.ops;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;

/**
 * Typed builder helpers for the math ops (basic, elementwise, activation, reduction): one static method per op, each
 * a thin {@code b.op(...)} chain. Scalar parameters given as {@code double} are made consts of the dtype of {@code x}
 * (what the iOS15 definitions require); axes are int32 vectors.
 *
 * <pre>{@code
 * Var y = MathOps.relu(b, MathOps.add(b, x, bias));
 * Var m = MathOps.reduceMean(b, y, new int[] {-1}, true);
 * }</pre>
 */
public final class MathOps {
    private MathOps() {
    }

    // basic

    /** {@code identity(x)}. */
    public static Var identity(Builder b, Var x) {
        return b.op("identity").input("x", x).output();
    }

    /** {@code cast(x, dtype)}. */
    public static Var cast(Builder b, Var x, DType dtype) {
        requireNonNull(dtype, "dtype is null");
        return b.op("cast").input("x", x).input("dtype", TensorValue.scalar(dtype.milName())).output();
    }

    /** {@code shape(x)}: an int32 vector. */
    public static Var shape(Builder b, Var x) {
        return b.op("shape").input("x", x).output();
    }

    /** {@code fill(shape, value)}: {@code shape} an int32 vector, {@code value} a scalar. */
    public static Var fill(Builder b, Var shape, TensorValue value) {
        return b.op("fill").input("shape", shape).input("value", value).output();
    }

    /** {@code range_1d(start, end, step)}: scalars of one dtype. */
    public static Var range1d(Builder b, Var start, Var end, Var step) {
        return b.op("range_1d").input("start", start).input("end", end).input("step", step).output();
    }

    // elementwise binary

    /** {@code add(x, y)}, broadcast. */
    public static Var add(Builder b, Var x, Var y) {
        return b.op("add").input("x", x).input("y", y).output();
    }

    /** {@code sub(x, y)}, broadcast. */
    public static Var sub(Builder b, Var x, Var y) {
        return b.op("sub").input("x", x).input("y", y).output();
    }

    /** {@code mul(x, y)}, broadcast. */
    public static Var mul(Builder b, Var x, Var y) {
        return b.op("mul").input("x", x).input("y", y).output();
    }

    /** {@code real_div(x, y)}, broadcast. */
    public static Var realDiv(Builder b, Var x, Var y) {
        return b.op("real_div").input("x", x).input("y", y).output();
    }

    /** {@code floor_div(x, y)}, broadcast. */
    public static Var floorDiv(Builder b, Var x, Var y) {
        return b.op("floor_div").input("x", x).input("y", y).output();
    }

    /** {@code mod(x, y)}, broadcast. */
    public static Var mod(Builder b, Var x, Var y) {
        return b.op("mod").input("x", x).input("y", y).output();
    }

    /** {@code pow(x, y)}, broadcast. */
    public static Var pow(Builder b, Var x, Var y) {
        return b.op("pow").input("x", x).input("y", y).output();
    }

    /** {@code maximum(x, y)}, broadcast. */
    public static Var maximum(Builder b, Var x, Var y) {
        return b.op("maximum").input("x", x).input("y", y).output();
    }

    /** {@code minimum(x, y)}, broadcast. */
    public static Var minimum(Builder b, Var x, Var y) {
        return b.op("minimum").input("x", x).input("y", y).output();
    }

    /** {@code equal(x, y)}, broadcast. */
    public static Var equal(Builder b, Var x, Var y) {
        return b.op("equal").input("x", x).input("y", y).output();
    }

    /** {@code not_equal(x, y)}, broadcast. */
    public static Var notEqual(Builder b, Var x, Var y) {
        return b.op("not_equal").input("x", x).input("y", y).output();
    }

    /** {@code less(x, y)}, broadcast. */
    public static Var less(Builder b, Var x, Var y) {
        return b.op("less").input("x", x).input("y", y).output();
    }

    /** {@code less_equal(x, y)}, broadcast. */
    public static Var lessEqual(Builder b, Var x, Var y) {
        return b.op("less_equal").input("x", x).input("y", y).output();
    }

    /** {@code greater(x, y)}, broadcast. */
    public static Var greater(Builder b, Var x, Var y) {
        return b.op("greater").input("x", x).input("y", y).output();
    }

    /** {@code greater_equal(x, y)}, broadcast. */
    public static Var greaterEqual(Builder b, Var x, Var y) {
        return b.op("greater_equal").input("x", x).input("y", y).output();
    }

    /** {@code logical_and(x, y)}, broadcast. */
    public static Var logicalAnd(Builder b, Var x, Var y) {
        return b.op("logical_and").input("x", x).input("y", y).output();
    }

    /** {@code logical_or(x, y)}, broadcast. */
    public static Var logicalOr(Builder b, Var x, Var y) {
        return b.op("logical_or").input("x", x).input("y", y).output();
    }

    /** {@code logical_xor(x, y)}, broadcast. */
    public static Var logicalXor(Builder b, Var x, Var y) {
        return b.op("logical_xor").input("x", x).input("y", y).output();
    }

    // elementwise unary and activations without parameters

    /** {@code abs(x)}. */
    public static Var abs(Builder b, Var x) {
        return b.op("abs").input("x", x).output();
    }

    /** {@code acos(x)}. */
    public static Var acos(Builder b, Var x) {
        return b.op("acos").input("x", x).output();
    }

    /** {@code asin(x)}. */
    public static Var asin(Builder b, Var x) {
        return b.op("asin").input("x", x).output();
    }

    /** {@code atan(x)}. */
    public static Var atan(Builder b, Var x) {
        return b.op("atan").input("x", x).output();
    }

    /** {@code atanh(x)}. */
    public static Var atanh(Builder b, Var x) {
        return b.op("atanh").input("x", x).output();
    }

    /** {@code ceil(x)}. */
    public static Var ceil(Builder b, Var x) {
        return b.op("ceil").input("x", x).output();
    }

    /** {@code cos(x)}. */
    public static Var cos(Builder b, Var x) {
        return b.op("cos").input("x", x).output();
    }

    /** {@code cosh(x)}. */
    public static Var cosh(Builder b, Var x) {
        return b.op("cosh").input("x", x).output();
    }

    /** {@code erf(x)}. */
    public static Var erf(Builder b, Var x) {
        return b.op("erf").input("x", x).output();
    }

    /** {@code exp(x)}. */
    public static Var exp(Builder b, Var x) {
        return b.op("exp").input("x", x).output();
    }

    /** {@code exp2(x)}. */
    public static Var exp2(Builder b, Var x) {
        return b.op("exp2").input("x", x).output();
    }

    /** {@code floor(x)}. */
    public static Var floor(Builder b, Var x) {
        return b.op("floor").input("x", x).output();
    }

    /** {@code round(x)}. */
    public static Var round(Builder b, Var x) {
        return b.op("round").input("x", x).output();
    }

    /** {@code sign(x)}. */
    public static Var sign(Builder b, Var x) {
        return b.op("sign").input("x", x).output();
    }

    /** {@code sin(x)}. */
    public static Var sin(Builder b, Var x) {
        return b.op("sin").input("x", x).output();
    }

    /** {@code sinh(x)}. */
    public static Var sinh(Builder b, Var x) {
        return b.op("sinh").input("x", x).output();
    }

    /** {@code sqrt(x)}. */
    public static Var sqrt(Builder b, Var x) {
        return b.op("sqrt").input("x", x).output();
    }

    /** {@code square(x)}. */
    public static Var square(Builder b, Var x) {
        return b.op("square").input("x", x).output();
    }

    /** {@code tan(x)}. */
    public static Var tan(Builder b, Var x) {
        return b.op("tan").input("x", x).output();
    }

    /** {@code tanh(x)}. */
    public static Var tanh(Builder b, Var x) {
        return b.op("tanh").input("x", x).output();
    }

    /** {@code logical_not(x)}. */
    public static Var logicalNot(Builder b, Var x) {
        return b.op("logical_not").input("x", x).output();
    }

    /** {@code relu(x)}. */
    public static Var relu(Builder b, Var x) {
        return b.op("relu").input("x", x).output();
    }

    /** {@code relu6(x)}. */
    public static Var relu6(Builder b, Var x) {
        return b.op("relu6").input("x", x).output();
    }

    /** {@code sigmoid(x)}. */
    public static Var sigmoid(Builder b, Var x) {
        return b.op("sigmoid").input("x", x).output();
    }

    /** {@code silu(x)}. */
    public static Var silu(Builder b, Var x) {
        return b.op("silu").input("x", x).output();
    }

    /** {@code softplus(x)}. */
    public static Var softplus(Builder b, Var x) {
        return b.op("softplus").input("x", x).output();
    }

    /** {@code softsign(x)}. */
    public static Var softsign(Builder b, Var x) {
        return b.op("softsign").input("x", x).output();
    }

    // ops with a stabilizing epsilon

    /** {@code rsqrt(x)} with the default epsilon. */
    public static Var rsqrt(Builder b, Var x) {
        return b.op("rsqrt").input("x", x).output();
    }

    /** {@code rsqrt(x, epsilon)}. */
    public static Var rsqrt(Builder b, Var x, double epsilon) {
        return b.op("rsqrt").input("x", x).input("epsilon", scalarLike(x, epsilon)).output();
    }

    /** {@code log(x)} with the default epsilon. */
    public static Var log(Builder b, Var x) {
        return b.op("log").input("x", x).output();
    }

    /** {@code log(x, epsilon)}. */
    public static Var log(Builder b, Var x, double epsilon) {
        return b.op("log").input("x", x).input("epsilon", scalarLike(x, epsilon)).output();
    }

    /** {@code inverse(x)} with the default epsilon. */
    public static Var inverse(Builder b, Var x) {
        return b.op("inverse").input("x", x).output();
    }

    /** {@code inverse(x, epsilon)}. */
    public static Var inverse(Builder b, Var x, double epsilon) {
        return b.op("inverse").input("x", x).input("epsilon", scalarLike(x, epsilon)).output();
    }

    // ops with alpha (and beta)

    /** {@code leaky_relu(x, alpha)}. */
    public static Var leakyRelu(Builder b, Var x, double alpha) {
        return b.op("leaky_relu").input("x", x).input("alpha", scalarLike(x, alpha)).output();
    }

    /** {@code elu(x, alpha)}. */
    public static Var elu(Builder b, Var x, double alpha) {
        return b.op("elu").input("x", x).input("alpha", scalarLike(x, alpha)).output();
    }

    /** {@code thresholded_relu(x, alpha)}. */
    public static Var thresholdedRelu(Builder b, Var x, double alpha) {
        return b.op("thresholded_relu").input("x", x).input("alpha", scalarLike(x, alpha)).output();
    }

    /** {@code threshold(x, alpha)}. */
    public static Var threshold(Builder b, Var x, double alpha) {
        return b.op("threshold").input("x", x).input("alpha", scalarLike(x, alpha)).output();
    }

    /** {@code clip(x, alpha, beta)}. */
    public static Var clip(Builder b, Var x, double alpha, double beta) {
        return b.op("clip").input("x", x).input("alpha", scalarLike(x, alpha))
                .input("beta", scalarLike(x, beta)).output();
    }

    /** {@code clamped_relu(x, alpha, beta)}. */
    public static Var clampedRelu(Builder b, Var x, double alpha, double beta) {
        return b.op("clamped_relu").input("x", x).input("alpha", scalarLike(x, alpha))
                .input("beta", scalarLike(x, beta)).output();
    }

    /** {@code sigmoid_hard(x, alpha, beta)}. */
    public static Var sigmoidHard(Builder b, Var x, double alpha, double beta) {
        return b.op("sigmoid_hard").input("x", x).input("alpha", scalarLike(x, alpha))
                .input("beta", scalarLike(x, beta)).output();
    }

    /** {@code scaled_tanh(x, alpha, beta)}. */
    public static Var scaledTanh(Builder b, Var x, double alpha, double beta) {
        return b.op("scaled_tanh").input("x", x).input("alpha", scalarLike(x, alpha))
                .input("beta", scalarLike(x, beta)).output();
    }

    /** {@code linear_activation(x, alpha, beta)}. */
    public static Var linearActivation(Builder b, Var x, double alpha, double beta) {
        return b.op("linear_activation").input("x", x).input("alpha", scalarLike(x, alpha))
                .input("beta", scalarLike(x, beta)).output();
    }

    /** {@code gelu(x, mode)}; {@code mode} is {@code EXACT}, {@code TANH_APPROXIMATION} or
     * {@code SIGMOID_APPROXIMATION}. */
    public static Var gelu(Builder b, Var x, String mode) {
        return b.op("gelu").input("x", x).input("mode", TensorValue.scalar(mode)).output();
    }

    /** {@code softmax(x, axis)}. */
    public static Var softmax(Builder b, Var x, int axis) {
        return b.op("softmax").input("x", x).input("axis", TensorValue.scalar(axis)).output();
    }

    /** {@code prelu(x, alpha)}: {@code alpha} a const vector with one value per channel. */
    public static Var prelu(Builder b, Var x, TensorValue alpha) {
        return b.op("prelu").input("x", x).input("alpha", alpha).output();
    }

    /** {@code softplus_parametric(x, alpha, beta)}: const vectors with one value per channel. */
    public static Var softplusParametric(Builder b, Var x, TensorValue alpha, TensorValue beta) {
        return b.op("softplus_parametric").input("x", x).input("alpha", alpha).input("beta", beta).output();
    }

    // reductions

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

    /** A scalar const of the dtype of {@code x}. */
    private static TensorValue scalarLike(Var x, double v) {
        return TensorValue.fromDoubles(x.tensorType().dtype(), Shape.scalar(), v);
    }
}
