package dev.mil4j.ops;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;

/**
 * Typed builder helpers for the basic and elementwise ops (arithmetic, comparison, logic, unary math, clip and
 * threshold): one static method per op, each a thin {@code b.op(...)} chain. Scalar parameters given as {@code double}
 * are made consts of the dtype of {@code x} (what the iOS15 definitions require). Activations are in
 * {@link ActivationOps}, reductions in {@link ReductionOps}.
 *
 * <pre>{@code
 * Var y = ActivationOps.relu(b, MathOps.add(b, x, bias));
 * }</pre>
 */
public final class MathOps {
    private MathOps() {
    }

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

    /**
     * {@code random_uniform(shape, low, high, seed)}: fp32 draws on {@code [low, high)}; a negative seed draws a
     * fresh one on every run.
     */
    public static Var randomUniform(Builder b, Var shape, float low, float high, int seed) {
        return b.op("random_uniform").input("shape", shape).input("low", TensorValue.scalar(low))
                .input("high", TensorValue.scalar(high)).input("seed", TensorValue.scalar(seed)).output();
    }

    /** {@code random_normal(shape, mean, stddev, seed)}: fp32 draws; a negative seed draws a fresh one every run. */
    public static Var randomNormal(Builder b, Var shape, float mean, float stddev, int seed) {
        return b.op("random_normal").input("shape", shape).input("mean", TensorValue.scalar(mean))
                .input("stddev", TensorValue.scalar(stddev)).input("seed", TensorValue.scalar(seed)).output();
    }

    /** {@code range_1d(start, end, step)}: scalars of one dtype. */
    public static Var range1d(Builder b, Var start, Var end, Var step) {
        return b.op("range_1d").input("start", start).input("end", end).input("step", step).output();
    }

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

    /** {@code rsqrt(x)} with the default epsilon. */
    public static Var rsqrt(Builder b, Var x) {
        return b.op("rsqrt").input("x", x).output();
    }

    /** {@code rsqrt(x, epsilon)}. */
    public static Var rsqrt(Builder b, Var x, double epsilon) {
        return b.op("rsqrt").input("x", x).input("epsilon", Scalars.like(x, epsilon)).output();
    }

    /** {@code log(x)} with the default epsilon. */
    public static Var log(Builder b, Var x) {
        return b.op("log").input("x", x).output();
    }

    /** {@code log(x, epsilon)}. */
    public static Var log(Builder b, Var x, double epsilon) {
        return b.op("log").input("x", x).input("epsilon", Scalars.like(x, epsilon)).output();
    }

    /** {@code inverse(x)} with the default epsilon. */
    public static Var inverse(Builder b, Var x) {
        return b.op("inverse").input("x", x).output();
    }

    /** {@code inverse(x, epsilon)}. */
    public static Var inverse(Builder b, Var x, double epsilon) {
        return b.op("inverse").input("x", x).input("epsilon", Scalars.like(x, epsilon)).output();
    }

    /** {@code threshold(x, alpha)}. */
    public static Var threshold(Builder b, Var x, double alpha) {
        return b.op("threshold").input("x", x).input("alpha", Scalars.like(x, alpha)).output();
    }

    /** {@code clip(x, alpha, beta)}. */
    public static Var clip(Builder b, Var x, double alpha, double beta) {
        return b.op("clip").input("x", x).input("alpha", Scalars.like(x, alpha))
                .input("beta", Scalars.like(x, beta)).output();
    }

    /** {@code add(x, y)} with {@code y} a scalar const of the dtype of {@code x}. */
    public static Var add(Builder b, Var x, double y) {
        return withScalar(b, "add", x, y);
    }

    /** {@code mul(x, y)} with {@code y} a scalar const of the dtype of {@code x}. */
    public static Var mul(Builder b, Var x, double y) {
        return withScalar(b, "mul", x, y);
    }

    /** {@code maximum(x, y)} with {@code y} a scalar const of the dtype of {@code x}. */
    public static Var maximum(Builder b, Var x, double y) {
        return withScalar(b, "maximum", x, y);
    }

    /** {@code minimum(x, y)} with {@code y} a scalar const of the dtype of {@code x}. */
    public static Var minimum(Builder b, Var x, double y) {
        return withScalar(b, "minimum", x, y);
    }

    /** {@code not_equal(x, y)} with {@code y} a scalar const of the dtype of {@code x}. */
    public static Var notEqual(Builder b, Var x, double y) {
        return withScalar(b, "not_equal", x, y);
    }

    /** {@code real_div(1, x)}: the exact reciprocal ({@code inverse} adds an epsilon to {@code x}). */
    public static Var reciprocal(Builder b, Var x) {
        return b.op("real_div").input("x", Scalars.like(x, 1)).input("y", x).output();
    }

    private static Var withScalar(Builder b, String op, Var x, double y) {
        return b.op(op).input("x", x).input("y", Scalars.like(x, y)).output();
    }
}
