package dev.mil4j.ops.basic;

/** {@code random_uniform(shape, low = 0, high = 1, seed = -1)}: draws on {@code [low, high)} ({@link RandomOp}). */
public final class RandomUniformOp extends RandomOp {
    public RandomUniformOp() {
        super("random_uniform", "low", 0f, "high", 1f);
    }

    @Override
    public String summary() {
        return "tensor of uniform random values";
    }
}
