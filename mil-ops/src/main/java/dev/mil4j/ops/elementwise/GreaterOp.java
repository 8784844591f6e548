package dev.mil4j.ops.elementwise;

/**
 * {@code greater}: the truth value of {@code x > y}, elementwise.
 *
 * <p>Inputs: {@code x}, {@code y}: tensors of one dtype in {@code T} = fp16, fp32, int32, broadcast numpy-style.
 * Output: a bool tensor of the broadcast shape.
 */
public final class GreaterOp extends ComparisonOp {
    public GreaterOp() {
        super("greater");
    }

    @Override
    protected boolean test(double x, double y) {
        return x > y;
    }

    @Override
    public String summary() {
        return "elementwise x > y with broadcasting, as bool";
    }
}
