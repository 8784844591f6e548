package dev.mil4j.ops.reduction;

/**
 * {@code reduce_l2_norm}: the L2 norm (square root of the sum of squares) of the elements of {@code x} over
 * {@code axes}.
 *
 * <p>Inputs: {@code x} (fp16, fp32 or int32), {@code axes} (optional const int32 vector; all axes when absent),
 * {@code keep_dims} (optional const bool, default false); see {@link ReductionOp}. Output: the reduced tensor of the
 * dtype of {@code x}.
 */
public final class ReduceL2NormOp extends ReductionOp {
    public ReduceL2NormOp() {
        super("reduce_l2_norm");
    }

    @Override
    protected double reduce(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Override
    public String summary() {
        return "Euclidean norm over the given axes";
    }
}
