package dev.mil4j.ops.basic;

/** {@code random_normal(shape, mean = 0, stddev = 1, seed = -1)}: normal draws ({@link RandomOp}). */
public final class RandomNormalOp extends RandomOp {
    public RandomNormalOp() {
        super("random_normal", "mean", 0f, "stddev", 1f);
    }

    @Override
    public String summary() {
        return "tensor of normal random values";
    }
}
