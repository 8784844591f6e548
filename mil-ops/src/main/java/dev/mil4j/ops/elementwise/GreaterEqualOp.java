package dev.mil4j.ops.elementwise;

/**
 * {@code greater_equal}: the truth value of {@code x >= y}, elementwise.
 *
 * <p>Inputs: {@code x}, {@code y}: tensors of one dtype in {@code T} = fp16, fp32, int32, broadcast numpy-style.
 * Output: a bool tensor of the broadcast shape.
 */
public final class GreaterEqualOp extends ComparisonOp {
    public GreaterEqualOp() {
        super("greater_equal");
    }

    @Override
    protected boolean test(double x, double y) {
        return x >= y;
    }

    @Override
    public String summary() {
        return "elementwise x >= y with broadcasting, as bool";
    }
}
