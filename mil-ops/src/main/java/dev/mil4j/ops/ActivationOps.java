package dev.mil4j.ops;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.value.TensorValue;

/**
 * Typed builder helpers for the activation ops (package {@code dev.mil4j.ops.activation}): one static method per op.
 * Scalar parameters given as {@code double} are made consts of the dtype of {@code x}.
 *
 * <pre>{@code
 * Var y = ActivationOps.leakyRelu(b, x, 0.01);
 * }</pre>
 */
public final class ActivationOps {
    private ActivationOps() {
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

    /** {@code leaky_relu(x, alpha)}. */
    public static Var leakyRelu(Builder b, Var x, double alpha) {
        return b.op("leaky_relu").input("x", x).input("alpha", Scalars.like(x, alpha)).output();
    }

    /** {@code elu(x, alpha)}. */
    public static Var elu(Builder b, Var x, double alpha) {
        return b.op("elu").input("x", x).input("alpha", Scalars.like(x, alpha)).output();
    }

    /** {@code thresholded_relu(x, alpha)}. */
    public static Var thresholdedRelu(Builder b, Var x, double alpha) {
        return b.op("thresholded_relu").input("x", x).input("alpha", Scalars.like(x, alpha)).output();
    }

    /** {@code clamped_relu(x, alpha, beta)}. */
    public static Var clampedRelu(Builder b, Var x, double alpha, double beta) {
        return b.op("clamped_relu").input("x", x).input("alpha", Scalars.like(x, alpha))
                .input("beta", Scalars.like(x, beta)).output();
    }

    /** {@code sigmoid_hard(x, alpha, beta)}. */
    public static Var sigmoidHard(Builder b, Var x, double alpha, double beta) {
        return b.op("sigmoid_hard").input("x", x).input("alpha", Scalars.like(x, alpha))
                .input("beta", Scalars.like(x, beta)).output();
    }

    /** {@code scaled_tanh(x, alpha, beta)}. */
    public static Var scaledTanh(Builder b, Var x, double alpha, double beta) {
        return b.op("scaled_tanh").input("x", x).input("alpha", Scalars.like(x, alpha))
                .input("beta", Scalars.like(x, beta)).output();
    }

    /** {@code linear_activation(x, alpha, beta)}. */
    public static Var linearActivation(Builder b, Var x, double alpha, double beta) {
        return b.op("linear_activation").input("x", x).input("alpha", Scalars.like(x, alpha))
                .input("beta", Scalars.like(x, beta)).output();
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

    /** {@code gelu(x)} with the op's default mode ({@code EXACT}). */
    public static Var gelu(Builder b, Var x) {
        return b.op("gelu").input("x", x).output();
    }
}
